import { CurrencyPipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, input, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { EmptyState } from '../shared/ui/empty-state';
import { ErrorBanner } from '../shared/ui/error-banner';
import { ScoreChip } from '../shared/ui/score-chip';
import { SkeletonRows } from '../shared/ui/skeleton-rows';
import { LabelPipe } from '../shared/ui/label-pipe';
import { UnitStore } from './unit-store';

@Component({
  selector: 'oh-unit-page',
  imports: [LabelPipe, RouterLink, CurrencyPipe, DecimalPipe, MatButtonModule, MatCardModule, MatIconModule, EmptyState, ErrorBanner, ScoreChip, SkeletonRows],
  providers: [UnitStore],
  templateUrl: './unit-page.html',
  styleUrl: './unit-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UnitPage {
  protected readonly store = inject(UnitStore);
  readonly id = input.required<string>();

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.store.load(id));
    });
  }
}
