import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { RouterLink } from '@angular/router';
import { Api } from '../api/api';
import { getWebhookStatus } from '../api/fn/admin/get-webhook-status';
import { listInboundSources } from '../api/fn/admin/list-inbound-sources';
import { listWebhookEvents } from '../api/fn/admin/list-webhook-events';
import { reprocessWebhookEvents } from '../api/fn/admin/reprocess-webhook-events';
import { InboundSourceDto } from '../api/models/inbound-source-dto';
import { IntegrationStatusDto } from '../api/models/integration-status-dto';
import { WebhookEventDto } from '../api/models/webhook-event-dto';
import { errorMessage } from '../core/api-error';
import { ErrorBanner } from '../shared/ui/error-banner';
import { SkeletonRows } from '../shared/ui/skeleton-rows';
import { TimeAgoPipe } from '../shared/ui/time-ago-pipe';

/** Each channel in a broker's words (the codes stay in the API). */
const CHANNEL_NAMES: Readonly<Record<string, string>> = { meta_lead_ads: 'Facebook & Instagram Lead Ads', whatsapp: 'WhatsApp', partner: 'Partner integrations', web: 'Website forms', email: 'Email replies' };
/** What kind of delivery an inbox event was. */
const EVENT_KINDS: Readonly<Record<string, string>> = { leadgen: 'New lead', message: 'Message', status: 'Delivery receipt', partner_lead: 'Partner lead', web_form: 'Website enquiry', email: 'Email' };

/** Admin → Integrations: where leads arrive from, whether each is set up, and deliveries that failed. */
@Component({
  selector: 'oh-integrations-page',
  imports: [MatButtonModule, MatCardModule, RouterLink, ErrorBanner, SkeletonRows, TimeAgoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page" aria-labelledby="integrations-title">
      <h1 id="integrations-title" class="page-title">Integrations</h1>
      @if (error(); as message) { <oh-error-banner [message]="message" [retryable]="true" (retry)="load()" /> }
      <mat-card appearance="outlined">
        <mat-card-header><mat-card-title><h2 class="h">Where leads come from</h2></mat-card-title></mat-card-header>
        <mat-card-content>
          @if (channels(); as list) {
            <ul class="list" data-testid="channels">
              @for (c of list; track c.provider) {
                <li [attr.data-testid]="'channel-' + c.provider">
                  <div class="grow">
                    <div class="strong">{{ channelName(c.provider) }}</div>
                    <div class="muted small">
                      @if (c.lastDeliveryAt) { Last delivery {{ c.lastDeliveryAt | timeAgo }} · {{ c.deliveries24h }} in the last day } @else { No delivery yet }
                    </div>
                  </div>
                  <span class="pill" [class.ok]="c.configured" data-testid="configured">{{ c.configured ? 'Set up' : 'Not set up' }}</span>
                  @if (c.failing + c.dead > 0) { <span class="pill warn" data-testid="failures">{{ c.failing + c.dead }} failed</span> }
                  @if (c.refusedSinceStart > 0) { <span class="pill warn">{{ c.refusedSinceStart }} refused (bad signature)</span> }
                </li>
              }
            </ul>
            <p class="muted small">Secret keys are set on the server and are never shown here.</p>
          } @else { <oh-skeleton-rows [count]="4" /> }
        </mat-card-content>
      </mat-card>

      <mat-card appearance="outlined">
        <mat-card-header><mat-card-title><h2 class="h">Websites and partners</h2></mat-card-title></mat-card-header>
        <mat-card-content>
          @if (sources(); as list) {
            @if (list.length) {
              <ul class="list" data-testid="sources">
                @for (s of list; track s.id) {
                  <li>
                    <div class="grow">
                      <div class="strong">{{ s.name }}</div>
                      <div class="muted small">{{ s.kind === 'web_form' ? 'Website' : 'Partner' }} · {{ s.leads }} leads @if (s.lastDeliveryAt) { · last {{ s.lastDeliveryAt | timeAgo }} }</div>
                    </div>
                    <span class="pill" [class.ok]="s.enabled">{{ s.enabled ? 'On' : 'Off' }}</span>
                    @if (s.failing) { <span class="pill warn">{{ s.failing }} failed</span> }
                  </li>
                }
              </ul>
            } @else { <p class="muted">No website or partner is connected yet.</p> }
          } @else { <oh-skeleton-rows [count]="2" /> }
        </mat-card-content>
      </mat-card>

      <mat-card appearance="outlined">
        <mat-card-header><mat-card-title><h2 class="h">Failed deliveries</h2></mat-card-title></mat-card-header>
        <mat-card-content>
          @if (dead(); as list) {
            @if (list.length) {
              <ul class="list" data-testid="dead-letters">
                @for (e of list; track e.id) {
                  <li data-testid="dead-letter">
                    <div class="grow">
                      <div class="strong">{{ kindName(e.kind) }} from {{ channelName(e.provider) }}</div>
                      <div class="muted small">Received {{ e.receivedAt | timeAgo }} · tried {{ e.attempts }} times @if (e.lastError) { · {{ e.lastError }} }</div>
                      @if (e.leadId) { <a [routerLink]="['/leads', e.leadId]">Open the lead</a> }
                    </div>
                    <button mat-stroked-button type="button" (click)="reprocess(e)" [disabled]="busy()">Try again</button>
                  </li>
                }
              </ul>
            } @else { <p class="muted" data-testid="no-dead-letters">Nothing failed: every delivery was handled.</p> }
          } @else { <oh-skeleton-rows [count]="2" /> }
        </mat-card-content>
      </mat-card>
    </section>
  `,
  styles: `
    .page { display: grid; gap: 16px; padding: 16px; max-width: 960px; }
    .list { list-style: none; margin: 0; padding: 0; }
    .list li { display: flex; align-items: center; gap: 12px; padding: 8px 0; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .grow { flex: 1; min-width: 0; }
    .strong { font-weight: 600; }
    .small { font: var(--mat-sys-body-small); }
    .pill { font: var(--mat-sys-label-small); padding: 2px 8px; border-radius: 10px; border: 1px solid var(--mat-sys-outline-variant); }
    .pill.ok { border-color: #1c9e55; color: #12703b; }
    .pill.warn { border-color: #b3261e; color: #8c1d18; }
  `,
})
export class IntegrationsPage implements OnInit {
  private readonly api = inject(Api);
  protected readonly channels = signal<IntegrationStatusDto[] | null>(null);
  protected readonly sources = signal<InboundSourceDto[] | null>(null);
  protected readonly dead = signal<WebhookEventDto[] | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    this.error.set(null);
    try {
      const [channels, sources, dead] = await Promise.all([this.api.invoke(getWebhookStatus), this.api.invoke(listInboundSources), this.api.invoke(listWebhookEvents, { status: 'dead' })]);
      this.channels.set(channels);
      this.sources.set(sources);
      this.dead.set(dead);
    } catch (e) {
      this.error.set(errorMessage(e, 'Could not load the integrations'));
    }
  }

  protected channelName(provider: string): string {
    return CHANNEL_NAMES[provider] ?? 'Other source';
  }

  protected kindName(kind: string): string {
    return EVENT_KINDS[kind] ?? 'Delivery';
  }

  protected async reprocess(e: WebhookEventDto): Promise<void> {
    this.busy.set(true);
    try {
      await this.api.invoke(reprocessWebhookEvents, { body: { eventIds: [e.id] } });
      this.dead.update((list) => (list ?? []).filter((x) => x.id !== e.id));
    } catch (err) {
      this.error.set(errorMessage(err, 'Could not try that delivery again'));
    } finally {
      this.busy.set(false);
    }
  }
}
