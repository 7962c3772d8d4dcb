import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal, viewChild } from '@angular/core';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSnackBar } from '@angular/material/snack-bar';
import { DeliveryAttemptDto } from '../api/models/delivery-attempt-dto';
import { DeliveryDto } from '../api/models/delivery-dto';
import { IntegrationDeliveryStatus } from '../api/models/integration-delivery-status';
import { IntegrationEventType } from '../api/models/integration-event-type';
import { SubscriptionDto } from '../api/models/subscription-dto';
import { askToConfirm } from '../shared/ui/confirm-dialog';
import { ErrorBanner } from '../shared/ui/error-banner';
import { SkeletonRows } from '../shared/ui/skeleton-rows';
import { TimeAgoPipe } from '../shared/ui/time-ago-pipe';
import { EventNotificationsStore } from './event-notifications-store';

/** What each event means, in a broker's words (the codes stay in the API). */
const EVENT_WORDS: Readonly<Record<IntegrationEventType, string>> = {
  'lead.created': 'A new lead arrives',
  'lead.updated': 'A lead’s details change',
  'lead.stage_changed': 'A lead moves to another stage',
  'lead.assigned': 'A lead is assigned to someone',
  'message.received': 'A lead sends us a message',
  'message.sent': 'We send a lead a message',
  'viewing.booked': 'A viewing is booked',
  'viewing.cancelled': 'A viewing is cancelled',
};

const STATUS_WORDS: Readonly<Record<IntegrationDeliveryStatus, string>> = {
  pending: 'Waiting to go out',
  sending: 'Going out now',
  delivered: 'Received',
  retrying: 'Not received yet: will try again',
  failed: 'Not received: gave up',
  paused: 'Held while turned off',
};

/** Admin → Event notifications: tell other systems (a spreadsheet, Zapier, a website) what happens, as it happens. */
@Component({
  selector: 'oh-event-notifications-page',
  imports: [ReactiveFormsModule, MatButtonModule, MatCardModule, MatCheckboxModule, MatFormFieldModule, MatIconModule, MatInputModule, ErrorBanner, SkeletonRows, TimeAgoPipe],
  providers: [EventNotificationsStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page" aria-labelledby="notifications-title">
      <h1 id="notifications-title" class="page-title">Event notifications to other systems</h1>
      <p class="muted">Another system (a spreadsheet, Zapier, your website) can hear about new leads, messages and viewings as they happen. Each notification is signed, so that system can check it came from us.</p>
      @if (store.error(); as message) { <oh-error-banner [message]="message" [retryable]="!store.subscriptions()" (retry)="store.load()" /> }

      @for (s of turnedOff(); track s.id) {
        <div class="notice" role="alert" data-testid="turned-off-notice">
          <mat-icon aria-hidden="true">warning</mat-icon>
          <span class="grow"><strong>{{ s.name }}</strong> was turned off {{ s.disabledAt | timeAgo }} because it kept failing. {{ s.disabledReason }}. Notifications are held until it is turned back on.</span>
          <button mat-stroked-button type="button" (click)="store.setEnabled(s.id, true)" [disabled]="store.busy()">Turn back on</button>
        </div>
      }

      <mat-card appearance="outlined">
        <mat-card-header><mat-card-title><h2 class="h">Receiving systems</h2></mat-card-title></mat-card-header>
        <mat-card-content>
          @if (store.newSecret(); as n) {
            <div class="newkey" role="status">
              <p><strong>{{ n.name }}</strong>: copy this signing secret now and give it to the receiving system — it is not shown again.</p>
              <code data-testid="new-secret">{{ n.secret }}</code>
              <div class="row">
                <button mat-button type="button" (click)="copy(n.secret)"><mat-icon>content_copy</mat-icon>Copy</button>
                <button mat-button type="button" (click)="store.newSecret.set(null)">Done</button>
              </div>
            </div>
          }
          @if (store.subscriptions(); as list) {
            @if (list.length === 0) { <p class="muted" data-testid="none">No system is told of anything yet.</p> }
            <ul class="list" data-testid="subscriptions">
              @for (s of list; track s.id) {
                <li [attr.data-testid]="'subscription-' + s.name">
                  <div class="grow">
                    <div class="strong">{{ s.name }}</div>
                    <div class="muted small">{{ s.url }}</div>
                    <div class="muted small">{{ eventsInWords(s) }}</div>
                    <div class="muted small">{{ s.delivered24h }} received in the last day @if (s.failing) { · <span class="warn">{{ s.failing }} not received</span> }</div>
                  </div>
                  <span class="pill" [class.ok]="s.enabled" [class.warn]="!s.enabled && s.disabledAt">{{ s.enabled ? 'On' : s.disabledAt ? 'Turned off: failing' : 'Off' }}</span>
                  <button mat-button type="button" (click)="store.showDeliveries(s.id)" [disabled]="store.busy()">Recent notifications</button>
                  <button mat-stroked-button type="button" (click)="store.setEnabled(s.id, !s.enabled)" [disabled]="store.busy()">{{ s.enabled ? 'Turn off' : 'Turn on' }}</button>
                  <button mat-stroked-button type="button" (click)="remove(s)" [disabled]="store.busy()" [attr.aria-label]="'Remove ' + s.name">Remove</button>
                </li>
              }
            </ul>
          } @else { <oh-skeleton-rows [count]="3" /> }

          <h3 class="sub">Tell another system</h3>
          <form #formDir="ngForm" [formGroup]="form" (ngSubmit)="add()" class="form" aria-label="Tell another system">
            <mat-form-field appearance="outline" subscriptSizing="dynamic"><mat-label>What it is for</mat-label><input matInput formControlName="name" required /></mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic" class="wide"><mat-label>Web address that receives them</mat-label><input matInput type="url" formControlName="url" placeholder="https://" required /></mat-form-field>
            <fieldset class="events">
              <legend>Tell it when</legend>
              @for (e of eventChoices; track e.type) {
                <mat-checkbox [checked]="chosen().has(e.type)" (change)="toggle(e.type, $event.checked)">{{ e.words }}</mat-checkbox>
              }
            </fieldset>
            <mat-checkbox formControlName="allowPrivate">It is inside our own network (allow local addresses)</mat-checkbox>
            @if (noEvents()) { <p class="warn small" role="alert">Pick at least one thing to tell it about.</p> }
            <button mat-flat-button type="submit" [disabled]="store.busy()">Start sending</button>
          </form>
        </mat-card-content>
      </mat-card>

      @if (openList(); as open) {
        <mat-card appearance="outlined">
          <mat-card-header><mat-card-title><h2 class="h">Recent notifications to {{ open.name }}</h2></mat-card-title></mat-card-header>
          <mat-card-content>
            @if (open.items.length) {
              <ul class="list" data-testid="deliveries">
                @for (d of open.items; track d.id) {
                  <li data-testid="delivery">
                    <div class="grow">
                      <div class="strong">{{ eventWords(d) }}</div>
                      <div class="muted small">{{ d.occurredAt | timeAgo }} · {{ statusWords(d) }} · tried {{ d.attempts }} {{ d.attempts === 1 ? 'time' : 'times' }} @if (d.lastError) { · {{ d.lastError }} }</div>
                    </div>
                    <button mat-button type="button" (click)="store.showAttempts(d.id)" [disabled]="store.busy()">What happened</button>
                    <button mat-stroked-button type="button" (click)="resend(d)" [disabled]="store.busy()">Send again</button>
                    @if (store.attempts(); as open) {
                      @if (open.deliveryId === d.id) {
                        <ol class="attempts" data-testid="attempts">
                          @for (a of open.items; track a.id) {
                            <li>
                              <span>{{ a.attemptedAt | timeAgo }}@if (a.manual) { (sent again by hand) }: {{ attemptWords(a) }}, in {{ a.latencyMs }} ms</span>
                              @if (a.responseExcerpt) { <code class="excerpt">{{ a.responseExcerpt }}</code> }
                            </li>
                          }
                        </ol>
                      }
                    }
                  </li>
                }
              </ul>
            } @else { <p class="muted">Nothing sent yet.</p> }
          </mat-card-content>
        </mat-card>
      }
    </section>
  `,
  styles: `
    .page { display: grid; gap: 16px; padding: 16px; max-width: 960px; }
    .h { font: var(--mat-sys-title-medium); margin: 0; }
    .sub { font: var(--mat-sys-title-small); margin: 16px 0 8px; }
    .list { list-style: none; margin: 0; padding: 0; }
    .list li { display: flex; align-items: center; flex-wrap: wrap; gap: 8px; padding: 8px 0; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .grow { flex: 1 1 200px; min-width: 0; }
    .strong { font-weight: 600; }
    .small { font: var(--mat-sys-body-small); overflow-wrap: anywhere; }
    .pill { font: var(--mat-sys-label-small); padding: 2px 8px; border-radius: 10px; border: 1px solid var(--mat-sys-outline-variant); }
    .pill.ok { border-color: #1c9e55; color: #12703b; }
    .pill.warn, .warn { border-color: #b3261e; color: #8c1d18; }
    .notice { display: flex; align-items: center; gap: 8px; padding: 8px 12px; border-radius: 8px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .form { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
    .form mat-form-field { flex: 1 1 200px; }
    .form .wide { flex: 2 1 320px; }
    .events { flex: 1 1 100%; border: 1px solid var(--mat-sys-outline-variant); border-radius: 8px; display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); }
    .attempts { flex: 1 1 100%; margin: 0; padding-left: 20px; font: var(--mat-sys-body-small); }
    .excerpt { display: block; overflow-wrap: anywhere; max-height: 4.5em; overflow: hidden; }
    .newkey { background: var(--mat-sys-tertiary-container); color: var(--mat-sys-on-tertiary-container); padding: 8px 12px; border-radius: 8px; margin-bottom: 12px; }
    .newkey code { display: block; overflow-wrap: anywhere; padding: 6px; background: var(--mat-sys-surface); color: var(--mat-sys-on-surface); border-radius: 4px; }
  `,
})
export class EventNotificationsPage implements OnInit {
  protected readonly store = inject(EventNotificationsStore);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  protected readonly eventChoices = (Object.keys(EVENT_WORDS) as IntegrationEventType[]).map((type) => ({ type, words: EVENT_WORDS[type] }));
  protected readonly form = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(120)]],
    url: ['', [Validators.required, Validators.maxLength(2000)]],
    events: [[] as IntegrationEventType[]],
    allowPrivate: [false],
  });
  private readonly formDir = viewChild.required<FormGroupDirective>('formDir');
  private readonly eventsValue = this.form.controls.events;
  private readonly chosenEvents = signal<IntegrationEventType[]>([]);
  protected readonly chosen = computed(() => new Set(this.chosenEvents()));
  protected readonly noEvents = signal(false);
  protected readonly turnedOff = computed(() => (this.store.subscriptions() ?? []).filter((s) => !s.enabled && s.disabledAt));
  protected readonly openList = computed(() => {
    const open = this.store.deliveries();
    const sub = open && (this.store.subscriptions() ?? []).find((s) => s.id === open.subscriptionId);
    return open && sub ? { name: sub.name, items: open.items } : null;
  });

  ngOnInit(): void {
    void this.store.load();
  }

  protected toggle(type: IntegrationEventType, on: boolean): void {
    const next = on ? [...new Set([...this.eventsValue.value, type])] : this.eventsValue.value.filter((t) => t !== type);
    this.eventsValue.setValue(next);
    this.chosenEvents.set(next);
    if (next.length) this.noEvents.set(false);
  }

  protected async add(): Promise<void> {
    const events = this.eventsValue.value;
    this.noEvents.set(events.length === 0);
    if (this.form.invalid || events.length === 0) {
      this.form.markAllAsTouched();
      return;
    }
    const { name, url, allowPrivate } = this.form.getRawValue();
    if (await this.store.create({ name: name.trim(), url: url.trim(), events, allowPrivate })) {
      this.formDir().resetForm({ name: '', url: '', events: [], allowPrivate: false });
      this.chosenEvents.set([]);
    }
  }

  protected async remove(s: SubscriptionDto): Promise<void> {
    const ok = await askToConfirm(this.dialog, { title: `Remove ${s.name}?`, message: 'It will hear of nothing more, and its history of notifications goes too. This cannot be undone.', confirm: 'Remove', destructive: true });
    if (ok) await this.store.remove(s.id);
  }

  protected async resend(d: DeliveryDto): Promise<void> {
    if (await this.store.resend(d)) this.snackBar.open('Sent again: it goes out in a moment', undefined, { duration: 3000 });
  }

  protected eventsInWords(s: SubscriptionDto): string {
    return s.events.map((e) => EVENT_WORDS[e] ?? 'Something else').join(' · ');
  }

  protected eventWords(d: DeliveryDto): string {
    return EVENT_WORDS[d.eventType] ?? 'Something else';
  }

  protected statusWords(d: DeliveryDto): string {
    return STATUS_WORDS[d.status] ?? 'Unknown';
  }

  /** One attempt in words: what the other system answered, or why nothing came back. */
  protected attemptWords(a: DeliveryAttemptDto): string {
    if (a.ok) return `received (answered ${a.statusCode})`;
    if (a.statusCode !== null) return `refused (answered ${a.statusCode})`;
    return a.error ?? 'no answer';
  }

  protected async copy(text: string): Promise<void> {
    await navigator.clipboard?.writeText(text);
    this.snackBar.open('Copied', undefined, { duration: 2000 });
  }
}

