import { inject, Injectable, signal } from '@angular/core';
import { Api } from '../api/api';
import { getSellerReport } from '../api/fn/viewings/get-seller-report';
import { SellerReportDto } from '../api/models/seller-report-dto';
import { errorMessage } from '../core/api-error';

/** A home's report for its seller. */
@Injectable()
export class SellerReportStore {
  private readonly api = inject(Api);
  readonly report = signal<SellerReportDto | null>(null);
  readonly error = signal<string | null>(null);

  async load(id: string): Promise<void> {
    this.error.set(null);
    try {
      this.report.set(await this.api.invoke(getSellerReport, { id }));
    } catch (e) {
      this.error.set(errorMessage(e, 'The report could not be loaded'));
    }
  }
}
