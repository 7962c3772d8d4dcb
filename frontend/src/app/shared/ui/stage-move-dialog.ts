import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { labelFor, STAGE_LABELS } from '@words/broker-words';
import { firstValueFrom } from 'rxjs';
import { LeadStage } from '../../api/models/lead-stage';
import { StageRuleDto } from '../../api/models/stage-rule-dto';

/** The pipeline's order; won and lost both close a lead (the server's rule, `stage-rules.ts`). */
const ORDER: Record<LeadStage, number> = { new: 0, contacted: 1, qualified: 2, viewing: 3, offer: 4, won: 5, lost: 5 };

/** What the move to `to` asks of the person, by the admin's rules. */
export interface MoveNeeds {
  name: string;
  from: LeadStage;
  to: LeadStage;
  reasons: string[] | null;
  price: boolean;
  note: boolean;
}

export interface MoveDetails {
  lostReason?: string;
  price?: number;
  reason?: string;
}

/** What the rules will ask for this move (so the person gives it before the server has to refuse). */
export function moveNeeds(rules: readonly StageRuleDto[], name: string, from: LeadStage, to: LeadStage): MoveNeeds {
  const on = rules.filter((r) => r.enabled);
  const lost = on.find((r) => r.kind === 'lost_reason' && r.stage === to);
  return {
    name,
    from,
    to,
    reasons: lost ? lost.reasons : null,
    price: on.some((r) => r.kind === 'unit_or_price' && r.stage === to),
    note: ORDER[to] < ORDER[from] && on.some((r) => r.kind === 'note_backwards'),
  };
}

export const asksAnything = (n: MoveNeeds) => n.reasons !== null || n.price || n.note;

/** Asks what a move needs: the reason a lead was lost, the deal's price, a note for a move back. */
@Component({
  selector: 'oh-stage-move-dialog',
  imports: [MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, ReactiveFormsModule],
  template: `
    <h2 mat-dialog-title>Move {{ data.name }} to {{ toLabel }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" aria-label="What this move needs">
      <mat-dialog-content class="fields">
        @if (data.reasons) {
          <mat-form-field appearance="outline">
            <mat-label>Why was the lead lost?</mat-label>
            <mat-select formControlName="lostReason" data-testid="lost-reason">
              @for (r of data.reasons; track r) { <mat-option [value]="r">{{ r }}</mat-option> }
            </mat-select>
          </mat-form-field>
        }
        @if (data.price) {
          <mat-form-field appearance="outline">
            <mat-label>Price of the deal</mat-label>
            <input matInput type="number" min="1" formControlName="price" data-testid="won-price" />
          </mat-form-field>
        }
        @if (data.note) {
          <mat-form-field appearance="outline">
            <mat-label>Why is it moving back from {{ fromLabel }}?</mat-label>
            <textarea matInput rows="3" formControlName="note" maxlength="1000" data-testid="move-note"></textarea>
          </mat-form-field>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" [mat-dialog-close]="undefined">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="form.invalid" data-testid="confirm-move">Move</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `.fields { display: flex; flex-direction: column; gap: 8px; min-width: min(360px, 80vw); }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StageMoveDialog {
  protected readonly data = inject<MoveNeeds>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<StageMoveDialog, MoveDetails>>(MatDialogRef);
  protected readonly toLabel = labelFor(STAGE_LABELS, this.data.to);
  protected readonly fromLabel = labelFor(STAGE_LABELS, this.data.from);
  protected readonly form = new FormGroup({
    lostReason: new FormControl('', this.data.reasons ? [Validators.required] : []),
    price: new FormControl<number | null>(null, this.data.price ? [Validators.required, Validators.min(1)] : []),
    note: new FormControl('', this.data.note ? [Validators.required] : []),
  });

  protected submit(): void {
    if (this.form.invalid) return;
    const v = this.form.getRawValue();
    this.ref.close({
      ...(this.data.reasons && v.lostReason ? { lostReason: v.lostReason } : {}),
      ...(this.data.price && v.price ? { price: Number(v.price) } : {}),
      ...(this.data.note && v.note?.trim() ? { reason: v.note.trim() } : {}),
    });
  }
}

/** Asks for what the move needs; resolves to nothing asked ({}) at once, or undefined when cancelled. */
export async function askMoveDetails(dialog: MatDialog, needs: MoveNeeds): Promise<MoveDetails | undefined> {
  if (!asksAnything(needs)) return {};
  const ref = dialog.open<StageMoveDialog, MoveNeeds, MoveDetails>(StageMoveDialog, { data: needs, width: 'min(460px, 94vw)' });
  return firstValueFrom(ref.afterClosed());
}
