import { ChangeDetectionStrategy, Component, inject, OnInit } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { RouterLink } from '@angular/router';
import { COMMON_LANGUAGES, languageName, SOURCE_LABELS } from '@words/broker-words';
import { LeadSource } from '../api/models/lead-source';
import { ErrorBanner } from '../shared/ui/error-banner';
import { LabelPipe } from '../shared/ui/label-pipe';
import { RoutingDraft, RoutingRulesStore } from './routing-rules-store';

const SOURCES = Object.keys(SOURCE_LABELS) as LeadSource[];

/** Admin → Pipeline → who gets new leads: rules tried in order for every new lead, from every source; the rest wait in the pond. */
@Component({
  selector: 'oh-routing-rules-page',
  imports: [MatButtonModule, MatCardModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, MatSlideToggleModule, RouterLink, ErrorBanner, LabelPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page" aria-labelledby="routing-title">
      <p><a routerLink="/admin/pipeline">← Pipeline rules</a></p>
      <h1 id="routing-title" class="page-title">Who gets new leads</h1>
      <p class="muted">Every new lead — from the website, Lead Ads, WhatsApp, email, the chat, an import or the API — goes to the first rule below that fits it and has an agent with room. A rule for a language takes only leads whose language we know (from the website, the form, the import or the lead's details). Agents in a rule take turns, more often the more leads they can hold. A lead no rule takes waits in the pond, where any agent can claim it.</p>
      @if (store.error(); as message) { <oh-error-banner [message]="message" [retryable]="!store.rules()" (retry)="store.load()" /> }
      @if (store.warnings().length) {
        <ul class="warnings" role="alert" data-testid="routing-warnings">
          @for (w of store.warnings(); track w) { <li><mat-icon>warning</mat-icon> {{ w }}</li> }
        </ul>
      }
      @if (store.rules(); as rules) {
        <div class="actions"><button mat-stroked-button type="button" (click)="store.add()">Add a rule</button></div>
        <ol class="rules" data-testid="routing-rules">
          @for (rule of rules; track $index) {
            <li>
              <mat-card appearance="outlined">
                <mat-card-content class="rule">
                  <mat-form-field appearance="outline" subscriptSizing="dynamic">
                    <mat-label>Name</mat-label>
                    <input matInput [value]="rule.name" (change)="store.update($index, { name: $any($event.target).value })" />
                  </mat-form-field>
                  <mat-form-field appearance="outline" subscriptSizing="dynamic">
                    <mat-label>Where the lead came from (any if empty)</mat-label>
                    <mat-select multiple [value]="rule.sources" (valueChange)="store.update($index, { sources: $event })">
                      @for (s of sources; track s) { <mat-option [value]="s">{{ s | label: 'source' }}</mat-option> }
                    </mat-select>
                  </mat-form-field>
                  <mat-form-field appearance="outline" subscriptSizing="dynamic">
                    <mat-label>Areas or cities, comma separated (any if empty)</mat-label>
                    <input matInput [value]="rule.areas.join(', ')" (change)="setAreas($index, $any($event.target).value)" />
                  </mat-form-field>
                  <mat-form-field appearance="outline" subscriptSizing="dynamic">
                    <mat-label>Speaks (any if empty)</mat-label>
                    <mat-select multiple [value]="rule.languages" (valueChange)="store.update($index, { languages: $event })">
                      @for (l of languagesFor(rule.languages); track l) { <mat-option [value]="l">{{ languageName(l) }}</mat-option> }
                    </mat-select>
                  </mat-form-field>
                  <mat-form-field appearance="outline" subscriptSizing="dynamic" class="price">
                    <mat-label>Budget from</mat-label>
                    <input matInput type="number" min="0" [value]="rule.priceMin ?? ''" (change)="store.update($index, { priceMin: num($any($event.target).value) })" />
                  </mat-form-field>
                  <mat-form-field appearance="outline" subscriptSizing="dynamic" class="price">
                    <mat-label>Budget up to</mat-label>
                    <input matInput type="number" min="0" [value]="rule.priceMax ?? ''" (change)="store.update($index, { priceMax: num($any($event.target).value) })" />
                  </mat-form-field>
                  <mat-form-field appearance="outline" subscriptSizing="dynamic">
                    <mat-label>Give the lead to</mat-label>
                    <mat-select [value]="rule.target" (valueChange)="setTarget($index, $event)">
                      <mat-option value="agents">These agents, in turn</mat-option>
                      <mat-option value="everyone">Every active agent, in turn</mat-option>
                      <mat-option value="pond">Nobody: the pond</mat-option>
                    </mat-select>
                  </mat-form-field>
                  @if (rule.target === 'everyone') {
                    <mat-form-field appearance="outline" subscriptSizing="dynamic" class="price">
                      <mat-label>Most open leads each</mat-label>
                      <input matInput type="number" min="1" [value]="rule.capacity ?? ''" (change)="store.update($index, { capacity: num($any($event.target).value) })" />
                    </mat-form-field>
                  }
                  @if (rule.target === 'agents') {
                    <div class="agents">
                      @for (a of rule.agents; track a.userId; let j = $index) {
                        <span class="agent">
                          {{ nameOf(a.userId) }}
                          <mat-form-field appearance="outline" subscriptSizing="dynamic" class="price">
                            <mat-label>Most open leads</mat-label>
                            <input matInput type="number" min="1" [value]="a.capacity" (change)="setCapacity($index, j, $any($event.target).value)" />
                          </mat-form-field>
                          <button mat-icon-button type="button" (click)="removeAgent($index, j)" [attr.aria-label]="'Take ' + nameOf(a.userId) + ' out of this rule'"><mat-icon>close</mat-icon></button>
                        </span>
                      }
                      <mat-form-field appearance="outline" subscriptSizing="dynamic">
                        <mat-label>Add an agent</mat-label>
                        <mat-select (valueChange)="addAgent($index, $event)">
                          @for (u of store.staff(); track u.id) { <mat-option [value]="u.id">{{ u.name }}</mat-option> }
                        </mat-select>
                      </mat-form-field>
                    </div>
                  }
                  <mat-slide-toggle [checked]="rule.enabled" (change)="store.update($index, { enabled: $event.checked })">On</mat-slide-toggle>
                  <button mat-icon-button type="button" (click)="store.move($index, -1)" aria-label="Try this rule earlier"><mat-icon>arrow_upward</mat-icon></button>
                  <button mat-icon-button type="button" (click)="store.move($index, 1)" aria-label="Try this rule later"><mat-icon>arrow_downward</mat-icon></button>
                  <button mat-icon-button type="button" (click)="store.remove($index)" [attr.aria-label]="'Remove the rule ' + rule.name"><mat-icon>delete</mat-icon></button>
                </mat-card-content>
              </mat-card>
            </li>
          }
        </ol>
        <div class="actions">
          <button mat-flat-button type="button" (click)="store.save()" [disabled]="store.busy()" data-testid="save-routing">Save</button>
          @if (store.saved()) { <span role="status">Saved. New leads follow these rules.</span> }
        </div>
      }
    </section>
  `,
  styles: `
    .rules { padding-left: 20px; display: flex; flex-direction: column; gap: 8px; }
    .rule, .agents, .agent { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
    .price { width: 150px; }
    .warnings { list-style: none; padding: 8px 12px; border-radius: 8px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .warnings li { display: flex; gap: 8px; align-items: center; }
    .actions { display: flex; gap: 12px; align-items: center; margin: 12px 0; flex-wrap: wrap; }
    .muted { color: var(--mat-sys-on-surface-variant); }
  `,
})
export class RoutingRulesPage implements OnInit {
  protected readonly store = inject(RoutingRulesStore);
  protected readonly sources = SOURCES;

  ngOnInit(): void {
    void this.store.load();
  }

  protected readonly languageName = languageName;

  /** The languages to pick from: the common ones, and any a rule already names. */
  protected languagesFor(chosen: string[]): string[] {
    return [...new Set([...COMMON_LANGUAGES, ...chosen])];
  }

  protected num(v: string): number | null {
    return v.trim() === '' ? null : Number(v);
  }

  protected nameOf(userId: string): string {
    return this.store.staff().find((u) => u.id === userId)?.name ?? 'Someone no longer active';
  }

  protected setAreas(index: number, text: string): void {
    this.store.update(index, { areas: text.split(',').map((s) => s.trim()).filter(Boolean) });
  }

  protected setTarget(index: number, target: RoutingDraft['target']): void {
    this.store.update(index, { target, ...(target !== 'agents' ? { agents: [] } : {}), capacity: target === 'everyone' ? 50 : null });
  }

  protected addAgent(index: number, userId: string): void {
    const rule = this.store.rules()?.[index];
    if (!rule || rule.agents.some((a) => a.userId === userId)) return;
    this.store.update(index, { agents: [...rule.agents, { userId, capacity: 20 }] });
  }

  protected removeAgent(index: number, j: number): void {
    const rule = this.store.rules()?.[index];
    if (rule) this.store.update(index, { agents: rule.agents.filter((_, k) => k !== j) });
  }

  protected setCapacity(index: number, j: number, v: string): void {
    const rule = this.store.rules()?.[index];
    if (rule) this.store.update(index, { agents: rule.agents.map((a, k) => (k === j ? { ...a, capacity: Number(v) } : a)) });
  }
}
