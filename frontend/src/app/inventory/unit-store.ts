import { inject, Injectable, signal } from '@angular/core';
import { Api } from '../api/api';
import { getUnit } from '../api/fn/inventory/get-unit';
import { getUnitMatches } from '../api/fn/inventory/get-unit-matches';
import { BuyerMatchDto } from '../api/models/buyer-match-dto';
import { UnitDto } from '../api/models/unit-dto';
import { errorMessage } from '../core/api-error';

/** One unit and the leads it suits. */
@Injectable()
export class UnitStore {
  private readonly api = inject(Api);
  readonly unit = signal<UnitDto | null>(null);
  readonly matches = signal<BuyerMatchDto[] | null>(null);
  readonly error = signal<string | null>(null);
  readonly matchesError = signal<string | null>(null);
  readonly loading = signal(false);

  async load(id: string): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    this.matchesError.set(null);
    this.unit.set(null);
    this.matches.set(null);
    const unit = this.api.invoke(getUnit, { id }).then(
      (u) => this.unit.set(u),
      (e: unknown) => this.error.set(errorMessage(e, 'Could not load this unit')),
    );
    const matches = this.api.invoke(getUnitMatches, { id }).then(
      (m) => this.matches.set(m),
      (e: unknown) => this.matchesError.set(errorMessage(e, 'Could not load matching leads')),
    );
    await Promise.all([unit, matches]);
    this.loading.set(false);
  }
}
