import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { TemplateOptionDto } from '../api/models/template-option-dto';

/** "name" → "Name", "unit_address" → "Unit address": what a template's value is called on screen. */
export const valueLabel = (parameter: string): string => {
  const words = parameter.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** A template's words with its values filled in, or named in brackets while still empty. */
export function templateText(t: TemplateOptionDto, values: Record<string, string>): string {
  const body = t.preview ?? t.parameters.map((_, i) => `{{${i + 1}}}`).join(' · ');
  return body.replace(/\{\{(\d+)\}\}/g, (_m, n: string) => {
    const p = t.parameters[Number(n) - 1];
    return p === undefined ? '' : values[p]?.trim() || `[${valueLabel(p)}]`;
  });
}

/**
 * Outside WhatsApp's 24-hour window only a message the brokerage had approved may go out: pick
 * one, fill in its blanks, and see what the lead will read before sending.
 */
@Component({
  selector: 'oh-template-picker',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  template: `
    <form class="picker" (ngSubmit)="submit()" aria-label="Send an approved message" data-testid="template-picker">
      <mat-form-field appearance="outline" class="wide" subscriptSizing="dynamic">
        <mat-label>Approved message</mat-label>
        <mat-select [ngModel]="chosenName()" (ngModelChange)="choose($event)" name="template" data-testid="template-choice">
          @for (t of templates(); track t.name) {
            <mat-option [value]="t.name">{{ blankText(t) }}</mat-option>
          }
        </mat-select>
      </mat-form-field>
      @if (chosen(); as t) {
        @for (p of t.parameters; track p) {
          <mat-form-field appearance="outline" class="wide" subscriptSizing="dynamic">
            <mat-label>{{ label(p) }}</mat-label>
            <input matInput [ngModel]="values()[p] ?? ''" (ngModelChange)="setValue(p, $event)" [name]="'value-' + p" required data-testid="template-value" />
          </mat-form-field>
        }
        <p class="preview" data-testid="template-preview">{{ preview() }}</p>
        <button mat-flat-button type="submit" [disabled]="busy() || !complete()" data-testid="template-send">Send on WhatsApp</button>
      }
    </form>
  `,
  styles: `
    .picker { display: flex; flex-direction: column; gap: 8px; }
    .wide { width: 100%; }
    .preview { margin: 0; padding: 8px 12px; border-radius: 8px; background: var(--mat-sys-surface-container); white-space: pre-wrap; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TemplatePicker {
  readonly templates = input.required<TemplateOptionDto[]>();
  readonly busy = input(false);
  readonly send = output<{ name: string; parameters: Record<string, string> }>();

  protected readonly chosenName = signal<string | null>(null);
  protected readonly values = signal<Record<string, string>>({});
  protected readonly chosen = computed(() => this.templates().find((t) => t.name === this.chosenName()) ?? null);
  protected readonly preview = computed(() => {
    const t = this.chosen();
    return t ? templateText(t, this.values()) : '';
  });
  protected readonly complete = computed(() => this.chosen()?.parameters.every((p) => this.values()[p]?.trim()) ?? false);

  protected blankText(t: TemplateOptionDto): string {
    return templateText(t, {});
  }

  protected label(p: string): string {
    return valueLabel(p);
  }

  protected choose(name: string): void {
    this.chosenName.set(name);
  }

  protected setValue(p: string, value: string): void {
    this.values.update((v) => ({ ...v, [p]: value }));
  }

  protected submit(): void {
    const t = this.chosen();
    if (!t || !this.complete()) return;
    this.send.emit({ name: t.name, parameters: Object.fromEntries(t.parameters.map((p) => [p, this.values()[p].trim()])) });
  }

  /** After a send: nothing chosen, for the next one. */
  reset(): void {
    this.chosenName.set(null);
    this.values.set({});
  }
}
