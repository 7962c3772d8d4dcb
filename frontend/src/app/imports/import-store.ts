import { inject, Injectable, signal } from '@angular/core';
import { Api } from '../api/api';
import { downloadImportRejections } from '../api/fn/imports/download-import-rejections';
import { getImport } from '../api/fn/imports/get-import';
import { listImportMappings } from '../api/fn/imports/list-import-mappings';
import { listImportRejections } from '../api/fn/imports/list-import-rejections';
import { startImport } from '../api/fn/imports/start-import';
import { uploadImport } from '../api/fn/imports/upload-import';
import { ImportDto } from '../api/models/import-dto';
import { ImportKind } from '../api/models/import-kind';
import { ImportRejectionDto } from '../api/models/import-rejection-dto';
import { SavedMappingDto } from '../api/models/saved-mapping-dto';
import { errorMessage } from '../core/api-error';

/** One CSV import, from the upload to its report: the page's state, through the generated client. */
@Injectable()
export class ImportStore {
  private readonly api = inject(Api);
  /** What the next file holds: leads or homes (units). */
  readonly kind = signal<ImportKind>('leads');
  readonly current = signal<ImportDto | null>(null);
  readonly savedMappings = signal<SavedMappingDto[]>([]);
  readonly rejections = signal<ImportRejectionDto[]>([]);
  readonly rejectedTotal = signal(0);
  readonly error = signal<string | null>(null);
  readonly busy = signal(false);
  private timer: ReturnType<typeof setTimeout> | null = null;

  async upload(file: File): Promise<void> {
    this.error.set(null);
    this.busy.set(true);
    try {
      const kind = this.kind();
      this.current.set(await this.api.invoke(uploadImport, { kind, body: { file } }));
      this.savedMappings.set(await this.api.invoke(listImportMappings, { kind }));
    } catch (e) {
      this.error.set(errorMessage(e, 'Could not read that file'));
    } finally {
      this.busy.set(false);
    }
  }

  async start(mapping: Record<string, string>, dryRun: boolean, defaultCountry: string, saveMappingAs: string): Promise<void> {
    const id = this.current()?.id;
    if (!id) return;
    this.error.set(null);
    this.busy.set(true);
    try {
      this.current.set(await this.api.invoke(startImport, { id, body: { mapping, dryRun, defaultCountry, ...(saveMappingAs.trim() ? { saveMappingAs: saveMappingAs.trim() } : {}) } }));
      this.rejections.set([]);
      this.poll();
    } catch (e) {
      this.error.set(errorMessage(e, 'Could not start the import'));
    } finally {
      this.busy.set(false);
    }
  }

  /** Asks for the progress every second until the run ends. */
  private poll(): void {
    this.stop();
    this.timer = setTimeout(async () => {
      const id = this.current()?.id;
      if (!id) return;
      try {
        const job = await this.api.invoke(getImport, { id });
        this.current.set(job);
        if (job.status === 'done' || job.status === 'failed') {
          const page = await this.api.invoke(listImportRejections, { id, pageSize: 100 });
          this.rejections.set(page.items);
          this.rejectedTotal.set(page.total);
          return;
        }
      } catch (e) {
        this.error.set(errorMessage(e, 'Lost track of the import; it goes on in the background'));
      }
      this.poll();
    }, 1000);
  }

  /** The skipped rows as a CSV file, saved through the browser. */
  async downloadRejected(): Promise<void> {
    const job = this.current();
    if (!job) return;
    try {
      const text = await this.api.invoke(downloadImportRejections, { id: job.id });
      const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${job.fileName.replace(/\.csv$/i, '')}-rejected.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      this.error.set(errorMessage(e, 'Could not download the skipped rows'));
    }
  }

  reset(): void {
    this.stop();
    this.current.set(null);
    this.rejections.set([]);
    this.error.set(null);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
