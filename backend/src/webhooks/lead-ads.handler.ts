import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { normalizePhone } from '../leads/contact-normalizers';
import { ActivityType, LeadSource } from '../leads/lead.enums';
import { LeadsService } from '../leads/leads.service';
import type { NewActivity } from '../leads/activity.entity';
import { readLeadForm } from './form-answers';
import { GraphClient, GraphError, GraphLead } from './graph-client';
import { graphId } from './meta-payloads';
import { WebhookEventEntity, WebhookEventStatus, WebhookProvider } from './webhook-event.entity';
import type { HandlerOutcome, WebhookHandler } from './webhook-handler';

type Prepared = { lead: GraphLead } | { missing: string };

/** New brokerages default here; a lead's own time zone is learned later. */
const DEFAULT_ZONE = 'America/Los_Angeles';

/**
 * Meta Lead Ads: a `leadgen` change names a lead; its answers are read from the Graph API, then
 * the lead is created with source meta_lead_ads, its ad/campaign/form ids, its profile from the
 * form's answers, an assignee and a score. A lead Meta will not give (gone, or every attempt
 * failed) is still created from what the webhook carried, flagged "details missing".
 */
@Injectable()
export class LeadAdsHandler implements WebhookHandler<Prepared> {
  readonly provider = WebhookProvider.LeadAds;

  constructor(
    private readonly graph: GraphClient,
    private readonly leads: LeadsService,
  ) {}

  async prepare(event: WebhookEventEntity, attempt: { final: boolean }): Promise<Prepared> {
    try {
      return { lead: await this.graph.fetchLead(event.externalId) };
    } catch (e) {
      if (!(e instanceof GraphError)) throw e;
      // Retried with backoff while attempts remain; then the lead is made from the webhook alone.
      if (e.permanent || attempt.final) return { missing: e.message };
      throw e;
    }
  }

  async apply(event: WebhookEventEntity, prepared: Prepared | undefined, tx: EntityManager): Promise<HandlerOutcome> {
    const value = (event.payload.value ?? {}) as Record<string, unknown>;
    const graphLead = prepared && 'lead' in prepared ? prepared.lead : null;
    const ids = {
      leadgenId: event.externalId,
      pageId: graphId(value.page_id),
      formId: graphId(value.form_id) ?? graphId(graphLead?.form_id),
      adId: graphId(value.ad_id) ?? graphId(graphLead?.ad_id),
      adgroupId: graphId(value.adgroup_id) ?? graphId(graphLead?.adset_id),
      campaignId: graphId(graphLead?.campaign_id),
      createdTime: typeof value.created_time === 'number' ? new Date(value.created_time * 1000).toISOString() : null,
      isOrganic: graphLead?.is_organic ?? !(value.ad_id ?? value.adgroup_id),
      platform: typeof graphLead?.platform === 'string' ? graphLead.platform : null,
    };
    const notes: NewActivity[] = [];
    const reading = readLeadForm(Array.isArray(graphLead?.field_data) ? graphLead.field_data : [], { now: new Date(), timezone: DEFAULT_ZONE });
    let phone = reading.contact.phone;
    if (phone && !normalizePhone(phone)) {
      reading.other.push({ question: 'phone number', answer: phone });
      phone = null;
    }
    if (reading.other.length) {
      notes.push({ type: ActivityType.Webhook, summary: `Other form answers: ${reading.other.map((o) => `${o.question}: ${o.answer}`).join('; ')}`.slice(0, 2000), data: { formAnswers: reading.other } });
    }
    if (prepared && 'missing' in prepared) {
      notes.push({ type: ActivityType.Webhook, summary: 'Details missing: Meta did not give this lead’s form answers; ask the lead for them', data: { detailsMissing: true, reason: prepared.missing } });
    }
    const via = ids.adId ? `ad ${ids.adId}` : 'an organic or test submission';
    const result = await this.leads.createFromSource(
      {
        source: LeadSource.MetaLeadAds,
        sourceRef: ids.leadgenId,
        contact: { name: reading.contact.name ?? 'Lead Ads lead', email: reading.contact.email, phone, language: reading.contact.language },
        profile: reading.profile,
        evidence: reading.evidence,
        origin: { summary: `New lead from Meta Lead Ads: form ${ids.formId ?? 'unknown'}, ${via}`, data: { ...ids, detailsMissing: !graphLead } },
        notes,
      },
      tx,
    );
    return { status: WebhookEventStatus.Processed, leadId: result.leadId, note: prepared && 'missing' in prepared ? `details missing: ${prepared.missing}` : null };
  }
}
