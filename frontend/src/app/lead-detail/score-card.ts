import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { LeadDetailDto } from '../api/models/lead-detail-dto';
import { QualificationStatus } from '../api/models/qualification-status';
import { QualifyLeadDto } from '../api/models/qualify-lead-dto';
import { ScoreChip } from '../shared/ui/score-chip';
import { LabelPipe } from '../shared/ui/label-pipe';
import { TimeAgoPipe } from '../shared/ui/time-ago-pipe';

/** The score, the factors that add up to it, its history, and a manual override with a reason. */
@Component({
  selector: 'oh-score-card',
  imports: [LabelPipe, ReactiveFormsModule, MatCardModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, ScoreChip, TimeAgoPipe],
  templateUrl: './score-card.html',
  styleUrl: './score-card.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ScoreCard {
  readonly lead = input.required<LeadDetailDto>();
  readonly busy = input(false);
  /** Emitted with the override; the parent saves it and closes the form by setting `editing` false on success. */
  readonly qualify = output<QualifyLeadDto>();

  protected readonly editing = signal(false);
  /**
   * While a score set by hand stands, the newest automatic scoring (still recorded, not applied)
   * shows what the factors say, so the breakdown stays beside the manual score.
   */
  protected readonly automatic = computed(() => {
    const l = this.lead();
    if (l.scoreSource !== 'manual') return null;
    return l.qualifications.find((q) => q.source === 'auto') ?? null;
  });
  protected readonly factors = computed(() => this.automatic()?.breakdown ?? this.lead().scoreBreakdown.filter((f) => f.factor !== 'manual'));
  protected readonly statuses: QualificationStatus[] = ['qualified', 'unqualified', 'disqualified'];
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    score: [50, [Validators.required, Validators.min(0), Validators.max(100)]],
    status: this.fb.control<QualificationStatus | ''>(''),
    reason: ['', [Validators.required, Validators.maxLength(500)]],
  });

  protected startEditing(): void {
    this.form.reset({ score: this.lead().score, status: '', reason: '' });
    this.editing.set(true);
  }

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { score, status, reason } = this.form.getRawValue();
    this.qualify.emit({ score: Number(score), reason: reason.trim(), ...(status ? { status } : {}) });
  }

  protected backToAutomatic(): void {
    const reason = this.form.controls.reason.value.trim();
    if (!reason) {
      this.form.controls.reason.markAsTouched();
      return;
    }
    this.qualify.emit({ clearOverride: true, reason });
  }

  /** Called by the parent after a successful save. */
  close(): void {
    this.editing.set(false);
  }
}
