import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { normalizeLanguage, normalizePhone } from '../../leads/contact-normalizers';
import { ActivityType, LeadSource } from '../../leads/lead.enums';
import { LeadsService } from '../../leads/leads.service';
import type { NewActivity } from '../../leads/activity.entity';
import { readLeadForm } from '../form-answers';
import { WebhookEventEntity, WebhookEventStatus, WebhookProvider } from '../webhook-event.entity';
import type { HandlerOutcome, WebhookHandler } from '../webhook-handler';
import { asFormAnswers } from './field-mapping';
import type { PartnerEventPayload, WebFormEventPayload } from './inbound-sources.service';

const DEFAULT_ZONE = 'America/Los_Angeles';

/** Reads answers like a Lead Ads form; a phone that is not a phone number becomes an "other answer". */
function readAnswers(answers: { name: string; values: unknown[] }[]) {
  const reading = readLeadForm(answers, { now: new Date(), timezone: DEFAULT_ZONE });
  let phone = reading.contact.phone;
  if (phone && !normalizePhone(phone)) {
    reading.other.push({ question: 'phone number', answer: phone });
    phone = null;
  }
  const notes: NewActivity[] = reading.other.length
    ? [{ type: ActivityType.Webhook, summary: `Other answers: ${reading.other.map((o) => `${o.question}: ${o.answer}`).join('; ')}`.slice(0, 2000), data: { formAnswers: reading.other } }]
    : [];
  return { reading, phone, notes };
}

/** A partner's signed delivery (portal, Zapier, landing page) → a lead with source `partner`, named after the source. */
@Injectable()
export class PartnerHandler implements WebhookHandler {
  readonly provider = WebhookProvider.Partner;

  constructor(private readonly leads: LeadsService) {}

  async apply(event: WebhookEventEntity, _prepared: undefined, tx: EntityManager): Promise<HandlerOutcome> {
    const p = event.payload as unknown as PartnerEventPayload;
    const { reading, phone, notes } = readAnswers(asFormAnswers(p.fields));
    const result = await this.leads.createFromSource(
      {
        source: LeadSource.Partner,
        sourceRef: p.webhookId.slice(0, 200),
        contact: { name: reading.contact.name ?? `${p.sourceName} lead`, email: reading.contact.email, phone, language: reading.contact.language },
        profile: reading.profile,
        evidence: reading.evidence,
        origin: { summary: `New lead from ${p.sourceName}`, data: { inboundSourceId: p.sourceId, sourceName: p.sourceName, webhookId: p.webhookId } },
        notes,
      },
      tx,
    );
    return { status: WebhookEventStatus.Processed, leadId: result.leadId, note: null };
  }
}

/** A website form → a lead with source `web`; the consent text and its time are on the timeline. */
@Injectable()
export class WebFormHandler implements WebhookHandler {
  readonly provider = WebhookProvider.Web;

  constructor(private readonly leads: LeadsService) {}

  async apply(event: WebhookEventEntity, _prepared: undefined, tx: EntityManager): Promise<HandlerOutcome> {
    const p = event.payload as unknown as WebFormEventPayload;
    const answers = [
      ...(p.form.name ? [{ name: 'full_name', values: [p.form.name] }] : []),
      ...(p.form.email ? [{ name: 'email', values: [p.form.email] }] : []),
      ...(p.form.phone ? [{ name: 'phone_number', values: [p.form.phone] }] : []),
    ];
    // The form's own language field, else the visitor's browser (Accept-Language, kept with the event).
    const language = normalizeLanguage(p.form.language) ?? normalizeLanguage(p.acceptLanguage);
    const { reading, phone, notes } = readAnswers(answers);
    const consent: NewActivity = { type: ActivityType.Webhook, summary: `Consent given on the website form at ${p.consent.at}: “${p.consent.text.slice(0, 500)}”`, data: { consent: p.consent, pageUrl: p.form.pageUrl ?? null } };
    const message: NewActivity[] = p.form.message ? [{ type: ActivityType.Webhook, summary: `Message from the website form: ${p.form.message.slice(0, 1800)}`, data: { message: p.form.message } }] : [];
    const result = await this.leads.createFromSource(
      {
        source: LeadSource.Web,
        sourceRef: event.externalId.slice(0, 200),
        contact: { name: reading.contact.name ?? 'Website visitor', email: reading.contact.email, phone, language },
        origin: { summary: `New lead from the website form (${p.sourceName})`, data: { inboundSourceId: p.sourceId, sourceName: p.sourceName, pageUrl: p.form.pageUrl ?? null } },
        notes: [consent, ...message, ...notes],
      },
      tx,
    );
    return { status: WebhookEventStatus.Processed, leadId: result.leadId, note: null };
  }
}
