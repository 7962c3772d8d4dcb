import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { RouterLink } from '@angular/router';
import { STAGE_RULE_LABELS } from '@words/broker-words';
import { LeadStage } from '../api/models/lead-stage';
import { ErrorBanner } from '../shared/ui/error-banner';
import { LabelPipe } from '../shared/ui/label-pipe';
import { STAGES } from '../shared/ui/stage-chip';
import { PipelineRulesStore, RuleDraft } from './pipeline-rules-store';

const KINDS = Object.keys(STAGE_RULE_LABELS) as RuleDraft['kind'][];

/** Admin → Pipeline: what a lead needs before it moves to a stage, checked on every move (board, lead page, API, assistant). */
@Component({
  selector: 'oh-pipeline-rules-page',
  imports: [MatButtonModule, MatCardModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, MatSlideToggleModule, RouterLink, ErrorBanner, LabelPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page" aria-labelledby="rules-title">
      <p><a routerLink="/admin">← Admin</a></p>
      <h1 id="rules-title" class="page-title">Pipeline rules</h1>
      <p><a routerLink="/admin/routing" data-testid="routing-link">Who gets new leads: routing rules and the pond</a></p>
      <p><a routerLink="/admin/sla" data-testid="sla-link">Time limits per stage and business hours</a></p>
      <p class="muted">Every move of a lead between stages is checked against these rules, whoever makes it: on the board, on the lead's page, through the API, or by the assistant. A refused move says which rule stopped it.</p>
      @if (store.error(); as message) { <oh-error-banner [message]="message" [retryable]="!store.rules()" (retry)="store.load()" /> }
      @if (store.rules(); as rules) {
        <ul class="rules" data-testid="stage-rules">
          @for (rule of rules; track $index) {
            <li>
              <mat-card appearance="outlined">
                <mat-card-content class="rule">
                  <div class="what">
                    <strong>{{ rule.kind | label: 'stageRule' }}</strong>
                    @if (rule.text) { <div class="muted small">{{ rule.text }}</div> }
                  </div>
                  @if (rule.kind !== 'note_backwards') {
                    <mat-form-field appearance="outline" subscriptSizing="dynamic" class="stage">
                      <mat-label>Before moving to</mat-label>
                      <mat-select [value]="rule.stage" (valueChange)="store.update($index, { stage: $event })">
                        @for (s of stages; track s) { <mat-option [value]="s">{{ s | label: 'stage' }}</mat-option> }
                      </mat-select>
                    </mat-form-field>
                  }
                  @if (rule.kind === 'lost_reason') {
                    <mat-form-field appearance="outline" subscriptSizing="dynamic" class="reasons">
                      <mat-label>Reasons to pick from (one a line)</mat-label>
                      <textarea matInput rows="4" [value]="rule.reasons.join('\n')" (change)="setReasons($index, $any($event.target).value)"></textarea>
                    </mat-form-field>
                  }
                  <mat-slide-toggle [checked]="rule.enabled" (change)="store.update($index, { enabled: $event.checked })">On</mat-slide-toggle>
                  <button mat-icon-button type="button" (click)="store.remove($index)" [attr.aria-label]="'Remove the rule: ' + (rule.kind | label: 'stageRule')"><mat-icon>delete</mat-icon></button>
                </mat-card-content>
              </mat-card>
            </li>
          }
        </ul>
        <div class="add">
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>New rule</mat-label>
            <mat-select [value]="newKind()" (valueChange)="newKind.set($event)">
              @for (k of kinds; track k) { <mat-option [value]="k">{{ k | label: 'stageRule' }}</mat-option> }
            </mat-select>
          </mat-form-field>
          @if (newKind() !== 'note_backwards') {
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>Before moving to</mat-label>
              <mat-select [value]="newStage()" (valueChange)="newStage.set($event)">
                @for (s of stages; track s) { <mat-option [value]="s">{{ s | label: 'stage' }}</mat-option> }
              </mat-select>
            </mat-form-field>
          }
          <button mat-stroked-button type="button" (click)="store.add(newKind(), newStage())">Add rule</button>
        </div>
        <div class="actions">
          <button mat-flat-button type="button" (click)="store.save()" [disabled]="store.busy()" data-testid="save-rules">Save rules</button>
          @if (store.saved()) { <span role="status">Saved. New moves follow these rules.</span> }
        </div>
      }
    </section>
  `,
  styles: `
    .rules { list-style: none; padding: 0; display: flex; flex-direction: column; gap: 8px; }
    .rule { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
    .what { flex: 1 1 260px; }
    .reasons { flex: 1 1 260px; }
    .add, .actions { display: flex; gap: 12px; align-items: center; margin-top: 12px; flex-wrap: wrap; }
    .muted { color: var(--mat-sys-on-surface-variant); }
    .small { font: var(--mat-sys-body-small); }
  `,
})
export class PipelineRulesPage implements OnInit {
  protected readonly store = inject(PipelineRulesStore);
  protected readonly stages = STAGES;
  protected readonly kinds = KINDS;
  protected readonly newKind = signal<RuleDraft['kind']>('reachable');
  protected readonly newStage = signal<LeadStage>('qualified');

  ngOnInit(): void {
    void this.store.load();
  }

  protected setReasons(index: number, text: string): void {
    this.store.update(index, { reasons: text.split('\n').map((s) => s.trim()).filter(Boolean) });
  }
}
