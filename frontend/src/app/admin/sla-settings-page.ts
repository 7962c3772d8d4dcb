import { ChangeDetectionStrategy, Component, inject, OnInit } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { RouterLink } from '@angular/router';
import { ErrorBanner } from '../shared/ui/error-banner';
import { LabelPipe } from '../shared/ui/label-pipe';
import { STAGES } from '../shared/ui/stage-chip';
import { SlaSettingsStore } from './sla-settings-store';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0].map((weekday) => ({ weekday, name: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][weekday] }));

/** Admin → Pipeline → Time limits: how fast each stage must move on, counted in the team's business hours. */
@Component({
  selector: 'oh-sla-settings-page',
  imports: [MatButtonModule, MatCardModule, MatCheckboxModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, MatSlideToggleModule, RouterLink, ErrorBanner, LabelPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page" aria-labelledby="sla-title">
      <p><a routerLink="/admin/pipeline">← Pipeline rules</a></p>
      <h1 id="sla-title" class="page-title">Time limits</h1>
      <p class="muted">How fast a lead must hear back or move on. The agent is warned before the time runs out; when it does, they get a task and a notification, and the lead is escalated as you choose. The clock shows on the inbox, the board and the lead's page.</p>
      @if (store.error(); as message) { <oh-error-banner [message]="message" [retryable]="!store.hours()" (retry)="store.load()" /> }
      @if (store.hours(); as hours) {
        <h2>Business hours</h2>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Time zone</mat-label>
          <input matInput [value]="hours.timeZone" (change)="store.setZone($any($event.target).value)" data-testid="time-zone" />
        </mat-form-field>
        <ul class="days">
          @for (d of weekdays; track d.weekday) {
            @let open = dayOf(hours.days, d.weekday);
            <li>
              <mat-checkbox [checked]="!!open" (change)="store.setDay(d.weekday, $event.checked ? { start: '09:00', end: '18:00' } : null)">{{ d.name }}</mat-checkbox>
              @if (open) {
                <input type="time" [value]="open.start" (change)="store.setDay(d.weekday, { start: $any($event.target).value, end: open.end })" [attr.aria-label]="d.name + ' opens at'" />
                –
                <input type="time" [value]="open.end === '24:00' ? '23:59' : open.end" (change)="store.setDay(d.weekday, { start: open.start, end: $any($event.target).value })" [attr.aria-label]="d.name + ' closes at'" />
              } @else { <span class="muted">Closed</span> }
            </li>
          }
        </ul>
        <h2>Time limits per stage</h2>
        <ul class="rules" data-testid="sla-rules">
          @for (rule of store.rules(); track $index) {
            <li>
              <mat-card appearance="outlined">
                <mat-card-content class="rule">
                  @if (rule.text) { <div class="what muted small">{{ rule.text }}</div> }
                  <mat-form-field appearance="outline" subscriptSizing="dynamic">
                    <mat-label>While in</mat-label>
                    <mat-select [value]="rule.stage" (valueChange)="store.update($index, { stage: $event })">
                      @for (s of stages; track s) { <mat-option [value]="s">{{ s | label: 'stage' }}</mat-option> }
                    </mat-select>
                  </mat-form-field>
                  <mat-form-field appearance="outline" subscriptSizing="dynamic">
                    <mat-label>The lead gets</mat-label>
                    <mat-select [value]="rule.kind" (valueChange)="store.update($index, { kind: $event })">
                      <mat-option value="first_response">a reply to their last message</mat-option>
                      <mat-option value="leave_stage">moved on to the next step</mat-option>
                    </mat-select>
                  </mat-form-field>
                  <mat-form-field appearance="outline" subscriptSizing="dynamic" class="amount">
                    <mat-label>Within</mat-label>
                    <input matInput type="number" [value]="rule.amount" (change)="store.update($index, { amount: +$any($event.target).value })" [attr.aria-label]="'Within how many ' + rule.unit" />
                  </mat-form-field>
                  <mat-form-field appearance="outline" subscriptSizing="dynamic" class="unit">
                    <mat-label>Unit</mat-label>
                    <mat-select [value]="rule.unit" (valueChange)="store.update($index, { unit: $event })">
                      <mat-option value="minutes">minutes</mat-option>
                      <mat-option value="hours">hours</mat-option>
                      <mat-option value="days">days</mat-option>
                    </mat-select>
                  </mat-form-field>
                  <mat-checkbox [checked]="rule.businessHoursOnly" (change)="store.update($index, { businessHoursOnly: $event.checked })">Business hours only</mat-checkbox>
                  <mat-form-field appearance="outline" subscriptSizing="dynamic">
                    <mat-label>When missed</mat-label>
                    <mat-select [value]="rule.escalation" (valueChange)="store.update($index, { escalation: $event })">
                      <mat-option value="notify_team_lead">tell the team lead</mat-option>
                      <mat-option value="reassign">hand the lead to the next agent</mat-option>
                    </mat-select>
                  </mat-form-field>
                  <mat-slide-toggle [checked]="rule.enabled" (change)="store.update($index, { enabled: $event.checked })">On</mat-slide-toggle>
                  <button mat-icon-button type="button" (click)="store.remove($index)" aria-label="Remove this time limit"><mat-icon>delete</mat-icon></button>
                </mat-card-content>
              </mat-card>
            </li>
          }
        </ul>
        <div class="actions">
          <button mat-stroked-button type="button" (click)="store.add()">Add a time limit</button>
          <button mat-flat-button type="button" (click)="store.save()" [disabled]="store.busy()" data-testid="save-sla">Save time limits</button>
          @if (store.saved()) { <span role="status">Saved. Running clocks follow the new limits.</span> }
        </div>
      }
    </section>
  `,
  styles: `
    .days, .rules { list-style: none; padding: 0; display: flex; flex-direction: column; gap: 8px; }
    .days li { display: flex; gap: 8px; align-items: center; }
    .days mat-checkbox { width: 9rem; }
    .rule { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
    .what { flex: 1 1 100%; }
    .amount { width: 7rem; }
    .unit { width: 8rem; }
    .actions { display: flex; gap: 12px; align-items: center; margin-top: 12px; flex-wrap: wrap; }
    .muted { color: var(--mat-sys-on-surface-variant); }
    .small { font: var(--mat-sys-body-small); }
  `,
})
export class SlaSettingsPage implements OnInit {
  protected readonly store = inject(SlaSettingsStore);
  protected readonly stages = STAGES.filter((s) => s !== 'won' && s !== 'lost');
  protected readonly weekdays = WEEKDAYS;

  ngOnInit(): void {
    void this.store.load();
  }

  protected dayOf(days: { weekday: number; start: string; end: string }[], weekday: number) {
    return days.find((d) => d.weekday === weekday) ?? null;
  }
}
