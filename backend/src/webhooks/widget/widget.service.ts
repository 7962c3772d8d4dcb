import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AgentSessionsService } from '../../agent/sessions.service';
import { DomainError } from '../../core/http/domain-error';
import { LeadSource } from '../../leads/lead.enums';
import { LeadsService } from '../../leads/leads.service';
import { InboundSourceKind } from '../sources/inbound-source.entity';
import { InboundSourcesRepository } from '../sources/inbound-sources.repository';
import { WebhooksRepository } from '../webhooks.repository';

/** The built widget script (`npm run build:widget`): dist/widget/openhouse-widget.js. */
const WIDGET_FILE = resolve(__dirname, '..', '..', '..', '..', 'widget', 'openhouse-widget.js');

interface VisitorClaims {
  /** The agent session of this chat. */
  sid: string;
  /** The lead the chat is. */
  lid: string;
}

export const WIDGET_JWT = 'WIDGET_JWT';

/**
 * The website chat widget: a visitor starts a chat on a site (a lead with source widget and its
 * own session, made through the leads service like any other inbound lead), talks with the
 * assistant, and may leave a name and phone. The visitor is anonymous: a signed token names the
 * one session it may use (signed with a key of its own, never accepted as a staff login).
 */
@Injectable()
export class WidgetService {
  private script: string | null = null;

  constructor(
    private readonly sources: InboundSourcesRepository,
    private readonly inbox: WebhooksRepository,
    private readonly leads: LeadsService,
    private readonly agent: AgentSessionsService,
    private readonly jwt: JwtService,
  ) {}

  /** The widget script, read once. */
  scriptText(): string {
    if (this.script === null) {
      if (!existsSync(WIDGET_FILE)) throw new DomainError('not_found', 'widget_not_built', 'The chat widget is not built on this server (npm run build:widget)');
      this.script = readFileSync(WIDGET_FILE, 'utf8');
    }
    return this.script;
  }

  /** `language`: the visitor's, as the browser said it (read by the leads service's one normaliser). */
  async start(siteKey: string, language?: string): Promise<{ visitorToken: string }> {
    const site = await this.sources.findEnabled(siteKey, InboundSourceKind.WebForm);
    if (!site) throw new DomainError('not_found', 'site_not_found', 'Unknown or disabled site key');
    const { leadId, sessionId } = await this.inbox.transaction(async (tx) => {
      const lead = await this.leads.createFromSource(
        { source: LeadSource.Widget, sourceRef: null, contact: { name: 'Website visitor', language }, origin: { summary: `New lead from the website chat (${site.name})`, data: { inboundSourceId: site.id, sourceName: site.name } } },
        tx,
      );
      return { leadId: lead.leadId, sessionId: await this.agent.startChannelSession(lead.leadId, 'web', tx) };
    });
    return { visitorToken: await this.jwt.signAsync({ sid: sessionId, lid: leadId } satisfies VisitorClaims) };
  }

  async claims(token: string): Promise<VisitorClaims> {
    try {
      const c = await this.jwt.verifyAsync<VisitorClaims>(token);
      if (typeof c.sid !== 'string' || typeof c.lid !== 'string') throw new Error('bad claims');
      return c;
    } catch {
      throw new DomainError('unauthorized', 'invalid_visitor_token', 'This chat has expired; start a new one');
    }
  }

  async leaveContact(token: string, contact: { name: string; phone: string }): Promise<void> {
    const { lid } = await this.claims(token);
    await this.leads.recordVisitorContact(lid, contact);
  }
}
