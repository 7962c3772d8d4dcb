import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import type { FastifyRequest } from 'fastify';
import type { CountryCode } from 'libphonenumber-js';
import { scopeOf } from '../access/lead-access';
import { AuditTrail } from '../core/audit/audit-trail';
import { AuthUser, isAdmin } from '../core/auth/auth-user';
import { AppConfig } from '../core/config/app-config';
import { DomainError, notFound } from '../core/http/domain-error';
import { JobQueue } from '../core/queue/job-queue';
import { safeCell } from '../core/text/csv-cells';
import { UserDirectoryService } from '../users/user-directory.service';
import { ExistingContact, ImportedLead, ImportPlan, LeadImportService } from '../leads/lead-import.service';
import { sniffCsv } from './csv-sniff';
import { saveCsvUpload } from './csv-upload';
import { ImportJobEntity, ImportKind, ImportStatus } from './import-job.entity';
import { ImportDto, ImportFieldDto, ImportRejectionPageDto, ListRejectionsQueryDto, mapImport, mapMapping, mapRejection, SavedMappingDto, StartImportDto } from './imports.dto';
import { BatchProgress, ImportsRepository } from './imports.repository';
import { LEAD_FIELDS, LEAD_SYNONYMS, LeadField, readLeadRow } from './lead-rows';
import { InventoryService } from '../inventory/inventory.service';
import { readUnitRow, UNIT_FIELDS, UNIT_REQUIRED, UNIT_SYNONYMS, UnitField } from './unit-rows';

/** Rows per transaction: big enough for one statement per table to pay off, small enough to keep progress live. */
export const IMPORT_BATCH_ROWS = 1000;

const FIELDS: Record<ImportKind, ImportFieldDto[]> = {
  [ImportKind.Leads]: Object.entries(LEAD_FIELDS).map(([key, label]) => ({ key, label, required: key === 'name' })),
  [ImportKind.Units]: Object.entries(UNIT_FIELDS).map(([key, label]) => ({ key, label, required: UNIT_REQUIRED.includes(key as UnitField) })),
};

const squash = (h: string) => h.toLowerCase().replace(/[\s_\-.]/g, '');

/** The mapping a file's headers suggest: each field takes the first header one of its words names. */
export function suggestMapping(headers: string[], kind: ImportKind): Record<string, string> {
  const out: Record<string, string> = {};
  const taken = new Set<string>();
  for (const [field, words] of Object.entries<string[]>(kind === ImportKind.Units ? UNIT_SYNONYMS : LEAD_SYNONYMS)) {
    const h = headers.find((x) => !taken.has(x) && words.includes(squash(x)));
    if (h) {
      out[field] = h;
      taken.add(h);
    }
  }
  // "Name" and "First name"/"Last name" both found: the split columns are the more precise.
  if (out.firstName && out.lastName) delete out.name;
  return out;
}

interface BatchState {
  col: Partial<Record<LeadField, number>>;
  ctx: { defaultCountry: CountryCode; now: Date };
  seen: Map<string, number>;
  leadOfRow: Map<number, string>;
  scope: ReturnType<typeof scopeOf>;
  /** Leads created or changed, to score once the import is in. */
  touched: Set<string>;
}

interface PreparedBatch {
  rows: number;
  rejected: { row: number; reason: string; cells: string[] }[];
  valid: ImportedLead[];
  /** Row -> the earlier row of the file it is the same person as. */
  mergeInto: Map<number, number>;
}

const invalid = (code: string, message: string, field?: string) => new DomainError('invalid', code, message, field ? [{ field, errors: [message] }] : undefined);

/**
 * CSV imports: the upload is streamed to disk and recognised (separator, header, preview), a
 * person maps columns to fields, and a worker job reads the file as a stream (csv-parse) in
 * batches of 1000 rows: each row is read through the API's normalisers, checked for duplicates
 * (within the file and against existing contacts, through LeadImportService.findExisting), and
 * written, or, in a dry run, only counted. Every batch commits with the import's progress, so
 * the counts are exact and a retried job resumes after the last committed row.
 */
@Injectable()
export class ImportsService {
  private readonly logger = new Logger(ImportsService.name);

  constructor(
    private readonly repo: ImportsRepository,
    private readonly leadImport: LeadImportService,
    private readonly jobs: JobQueue,
    private readonly audit: AuditTrail,
    private readonly config: AppConfig,
    private readonly users: UserDirectoryService,
    private readonly inventory: InventoryService,
  ) {}

  private get dir(): string {
    return this.config.env.IMPORTS_DIR ?? join(this.config.env.DATA_DIR, 'imports');
  }

  private pathOf(id: string): string {
    return join(this.dir, `${id}.csv`);
  }

  /** Stores the upload and reads its shape; a file that is not a CSV with a header leaves nothing behind. */
  async upload(req: FastifyRequest, kind: ImportKind, user: AuthUser): Promise<ImportDto> {
    const saved = await saveCsvUpload(req, this.dir, this.config.env.IMPORT_MAX_BYTES);
    let shape;
    try {
      shape = await sniffCsv(saved.path);
    } catch (e) {
      await rm(saved.path, { force: true });
      throw e;
    }
    const id = saved.path.slice(saved.path.lastIndexOf('/') + 1, -'.csv'.length);
    const job = await this.repo.insertJob({ id, kind, fileName: saved.fileName, fileSize: saved.size, delimiter: shape.delimiter, headers: shape.headers, preview: shape.preview, createdById: user.id });
    return this.dto(job);
  }

  async get(id: string, user: AuthUser): Promise<ImportDto> {
    return this.dto(await this.ownOrFail(id, user));
  }

  /** Checks the mapping and queues the run (or dry run). A finished dry run may be started again for real. */
  async start(id: string, dto: StartImportDto, user: AuthUser): Promise<ImportDto> {
    const job = await this.ownOrFail(id, user);
    const rerun = job.status === ImportStatus.Done && job.dryRun;
    if (job.status !== ImportStatus.Uploaded && !rerun && job.status !== ImportStatus.Failed) {
      throw new DomainError('conflict', 'import_started', 'This import has already been started');
    }
    const mapping = this.checkedMapping(job, dto.mapping);
    await this.repo.resetRun(id, { mapping, dryRun: dto.dryRun ?? false, defaultCountry: dto.defaultCountry ?? 'US' });
    if (dto.saveMappingAs) await this.repo.saveMapping({ userId: user.id, kind: job.kind, name: dto.saveMappingAs.trim(), mapping });
    await this.jobs.enqueue('run-import', { importId: id }, { jobId: `import-${id}-${Date.now()}`, attempts: 3 });
    await this.audit.record({ action: 'import.started', actorId: user.id, apiKeyId: user.apiKeyId, targetType: 'import', targetId: id, changes: { kind: job.kind, fileName: job.fileName, dryRun: dto.dryRun ?? false, mapping } });
    return this.get(id, user);
  }

  async rejections(id: string, query: ListRejectionsQueryDto, user: AuthUser): Promise<ImportRejectionPageDto> {
    await this.ownOrFail(id, user);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 100;
    const [rows, total] = await this.repo.findRejections(id, pageSize, (page - 1) * pageSize);
    return { items: rows.map(mapRejection), total, page, pageSize };
  }

  /** The skipped rows as a CSV file: the original columns, then the row number and the problem; escaped like every export. */
  async rejectionsCsv(id: string, user: AuthUser): Promise<{ stream: Readable; fileName: string }> {
    const job = await this.ownOrFail(id, user);
    const out = stringify({ header: true, columns: [...job.headers, 'Row', 'Problem'], bom: true });
    const pump = async () => {
      for await (const batch of this.repo.streamRejections(id)) {
        for (const r of batch) {
          if (!out.write([...job.headers.map((_, i) => safeCell(r.cells[i] ?? '')), String(r.row), safeCell(r.reason)])) await new Promise((ok) => out.once('drain', ok));
        }
      }
      out.end();
    };
    pump().catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
    return { stream: out, fileName: `${job.fileName.replace(/\.csv$/i, '').replace(/[^\w.-]+/g, '_')}-rejected.csv` };
  }

  async mappings(kind: ImportKind | undefined, user: AuthUser): Promise<SavedMappingDto[]> {
    return (await this.repo.listMappings(user.id, kind)).map(mapMapping);
  }

  // ---- the worker's side ------------------------------------------------------------------

  /** Runs an import job. Idempotent: a finished import is left alone, a half-done one resumes. */
  async run(importId: string): Promise<void> {
    const job = await this.repo.findJob(importId);
    if (!job || (job.status !== ImportStatus.Queued && job.status !== ImportStatus.Running)) return;
    if (!job.startedAt) await this.repo.updateJob(importId, { status: ImportStatus.Running, startedAt: new Date() });
    else await this.repo.updateJob(importId, { status: ImportStatus.Running });
    try {
      // First pass: count the rows (for the progress bar) and prove the whole file parses, so a
      // broken quote on row 90,000 fails the import before anything is written.
      if (job.totalRows === null) {
        const total = await this.countRows(job);
        await this.repo.updateJob(importId, { totalRows: total });
        job.totalRows = total;
      }
      if (job.kind === ImportKind.Units) await this.importUnits(job);
      else await this.importLeads(job);
      await this.repo.updateJob(importId, { status: ImportStatus.Done, finishedAt: new Date() });
      const done = (await this.repo.findJob(importId))!;
      await this.audit.record({
        action: 'import.finished',
        actorId: job.createdById,
        targetType: 'import',
        targetId: importId,
        changes: { dryRun: job.dryRun, rows: done.rowsDone, created: done.created, updated: done.updated, merged: done.merged, skipped: done.skipped, possibleDuplicates: done.possibleDuplicates },
      });
      if (!job.dryRun) await rm(this.pathOf(importId), { force: true });
    } catch (e) {
      const message = e instanceof DomainError ? e.message : 'The import stopped on an unexpected error; it will be retried';
      if (!(e instanceof DomainError)) this.logger.error(`Import ${importId}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      await this.repo.updateJob(importId, { status: e instanceof DomainError ? ImportStatus.Failed : ImportStatus.Running, error: message, ...(e instanceof DomainError ? { finishedAt: new Date() } : {}) });
      // A file that cannot be read will not read better on a retry.
      if (!(e instanceof DomainError)) throw e;
    }
  }

  private parser(job: ImportJobEntity) {
    return createReadStream(this.pathOf(job.id)).pipe(
      // relax_quotes: a quote inside an unquoted cell (=HYPERLINK("..."), 5'10") is a character, as spreadsheets write it.
      parse({ delimiter: job.delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, from_line: 2 }),
    );
  }

  private async countRows(job: ImportJobEntity): Promise<number> {
    let n = 0;
    try {
      for await (const record of this.parser(job)) if (record) n++;
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      throw invalid('not_csv', `The file could not be read as CSV after row ${n}: ${msg.replace(/^.*?:\s*/, '')}`);
    }
    return n;
  }

  private async importLeads(job: ImportJobEntity): Promise<void> {
    // The importer's visibility as it is now (a role changed since the upload counts).
    const creator = await this.users.findById(job.createdById);
    if (!creator?.active) throw invalid('importer_inactive', 'The person who started this import can no longer sign in');
    const scope = scopeOf({ id: creator.id, email: creator.email, name: creator.name, role: creator.role, team: creator.team, via: 'jwt' });
    const col = Object.fromEntries(Object.entries(job.mapping ?? {}).map(([f, h]) => [f, job.headers.indexOf(h)])) as Partial<Record<LeadField, number>>;
    // Within the file: the first row of each email/phone, and the lead each row became.
    const state: BatchState = { col, ctx: { defaultCountry: job.defaultCountry as CountryCode, now: new Date() }, seen: new Map(), leadOfRow: new Map(), scope, touched: new Set() };
    const resumeAfter = job.rowsDone;
    let row = 0;
    let batch: { row: number; cells: string[] }[] = [];
    // Reading and checking rows is CPU here, writing them waits on PostgreSQL: the next batch is
    // read while the last one is written (writes stay one at a time, in file order).
    let writing: Promise<void> = Promise.resolve();
    const flush = async () => {
      if (!batch.length) return;
      const prepared = this.prepareBatch(job, batch, state);
      batch = [];
      await writing;
      writing = this.writeBatch(job, prepared, state);
      writing.catch(() => undefined);
    };
    for await (const cells of this.parser(job) as AsyncIterable<string[]>) {
      row++;
      if (row <= resumeAfter) continue;
      batch.push({ row, cells });
      if (batch.length >= IMPORT_BATCH_ROWS) await flush();
    }
    await flush();
    await writing;
    if (state.touched.size && !job.dryRun) {
      // Scores and matches follow once the rows are in, so they do not slow the import down; a
      // queue outage here leaves them for the lead's next change.
      const ids = [...state.touched];
      for (let i = 0; i < ids.length; i += 1000) {
        await this.leadImport.refreshLater(ids.slice(i, i + 1000)).catch((e: unknown) => this.logger.warn(`Import ${job.id}: scores not queued: ${e instanceof Error ? e.message : String(e)}`));
      }
    }
  }

  /**
   * A listings file: each row read and validated by the rules of `POST /api/inventory`
   * (unit-rows.ts), then added, or, when a unit with its reference exists, that unit updated
   * (the same service calls as the API, so search re-indexes it). Batches of rows commit their
   * rejections and counts together; a retried job resumes after the last committed batch, and a
   * row written twice by a retry only updates its unit again.
   */
  private async importUnits(job: ImportJobEntity): Promise<void> {
    const col = Object.fromEntries(Object.entries(job.mapping ?? {}).map(([f, h]) => [f, job.headers.indexOf(h)])) as Partial<Record<UnitField, number>>;
    const seenRefs = new Set<string>();
    let row = 0;
    let batch: { row: number; cells: string[] }[] = [];
    const flush = async () => {
      if (!batch.length) return;
      const rows = batch;
      batch = [];
      const progress: BatchProgress = { rowsDone: rows.length, created: 0, updated: 0, merged: 0, skipped: 0, possibleDuplicates: 0 };
      const rejected: { row: number; reason: string; cells: string[] }[] = [];
      for (const { row: r, cells } of rows) {
        if (cells.length !== job.headers.length) {
          rejected.push({ row: r, reason: `The row has ${cells.length} cells; the header has ${job.headers.length}`, cells });
          continue;
        }
        const read = await readUnitRow((f) => {
          const i = col[f];
          return i !== undefined && i >= 0 ? (cells[i] ?? '').trim() : '';
        });
        if (!read.ok) {
          rejected.push({ row: r, reason: read.reason, cells });
          continue;
        }
        const existing = await this.inventory.findIdByRef(read.unit.ref);
        try {
          if (!job.dryRun) {
            if (existing) await this.inventory.update(existing, read.unit);
            else await this.inventory.create(read.unit);
          }
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          rejected.push({ row: r, reason: e.message, cells });
          continue;
        }
        if (existing || seenRefs.has(read.unit.ref)) progress.updated++;
        else progress.created++;
        seenRefs.add(read.unit.ref);
      }
      progress.skipped = rejected.length;
      await this.repo.transaction(async (tx) => {
        await this.repo.insertRejections(job.id, rejected, tx);
        await this.repo.addProgress(job.id, progress, tx);
      });
    };
    for await (const cells of this.parser(job) as AsyncIterable<string[]>) {
      row++;
      if (row <= job.rowsDone) continue;
      batch.push({ row, cells });
      if (batch.length >= IMPORT_BATCH_ROWS) await flush();
    }
    await flush();
  }

  /** Reads and checks a batch's rows (no I/O): rejections with reasons, and what the rest are. */
  private prepareBatch(job: ImportJobEntity, rows: { row: number; cells: string[] }[], s: BatchState): PreparedBatch {
    const rejected: PreparedBatch['rejected'] = [];
    const valid: ImportedLead[] = [];
    const mergeInto = new Map<number, number>();
    for (const { row, cells } of rows) {
      if (cells.length !== job.headers.length) {
        rejected.push({ row, reason: `The row has ${cells.length} cells; the header has ${job.headers.length}`, cells });
        continue;
      }
      const read = readLeadRow(
        row,
        (f) => {
          const i = s.col[f];
          return i !== undefined && i >= 0 ? (cells[i] ?? '').trim() : '';
        },
        s.ctx,
      );
      if (!read.ok) {
        rejected.push({ row, reason: read.reason, cells });
        continue;
      }
      const keys = [read.lead.emailNormalized && `e:${read.lead.emailNormalized}`, read.lead.phoneE164 && `p:${read.lead.phoneE164}`].filter((k): k is string => !!k);
      const first = keys.map((k) => s.seen.get(k)).find((r) => r !== undefined);
      if (first !== undefined) mergeInto.set(row, first);
      else for (const k of keys) s.seen.set(k, row);
      valid.push(read.lead);
    }
    return { rows: rows.length, rejected, valid, mergeInto };
  }

  /** Matches a prepared batch against existing contacts and writes it (or, in a dry run, counts it) with the import's progress, in one transaction. */
  private async writeBatch(job: ImportJobEntity, b: PreparedBatch, s: BatchState): Promise<void> {
    const fresh = b.valid.filter((l) => !b.mergeInto.has(l.row));
    const existing = await this.leadImport.findExisting(
      fresh.map((l) => l.emailNormalized).filter((e): e is string => !!e),
      fresh.map((l) => l.phoneE164).filter((p): p is string => !!p),
      s.scope,
    );
    const plans: ImportPlan[] = b.valid.map((lead) => {
      const intoRow = b.mergeInto.get(lead.row);
      if (intoRow !== undefined) return { kind: 'merge', lead, intoRow };
      const hits = [...(lead.emailNormalized ? (existing.get(`e:${lead.emailNormalized}`) ?? []) : []), ...(lead.phoneE164 ? (existing.get(`p:${lead.phoneE164}`) ?? []) : [])];
      const into = hits.find((h) => h.visible && h.leadId);
      if (into) return { kind: 'update', lead, into };
      const notReused = [...new Map(hits.filter((h) => !h.visible).map((h) => [h.contactId, h] as [string, ExistingContact])).values()];
      return { kind: 'create', lead, notReused };
    });
    const progress: BatchProgress = { rowsDone: b.rows, created: 0, updated: 0, merged: 0, skipped: b.rejected.length, possibleDuplicates: 0 };
    const touched: string[] = [];
    await this.repo.transaction(async (tx) => {
      if (job.dryRun) {
        for (const p of plans) {
          if (p.kind === 'create') {
            progress.created++;
            progress.possibleDuplicates += p.notReused.length ? 1 : 0;
          } else if (p.kind === 'update') progress.updated++;
          else progress.merged++;
        }
      } else {
        for (const p of plans) if (p.kind === 'update' && p.into.leadId) s.leadOfRow.set(p.lead.row, p.into.leadId);
        const outcomes = await this.leadImport.apply(plans, { importId: job.id, fileName: job.fileName, actorId: job.createdById, assigneeId: s.scope.all ? null : job.createdById }, s.leadOfRow, tx);
        for (const o of outcomes) {
          progress[o.outcome]++;
          if (o.outcome === 'created' && o.possibleDuplicates) progress.possibleDuplicates++;
          touched.push(o.leadId);
        }
      }
      await this.repo.insertRejections(job.id, b.rejected, tx);
      await this.repo.addProgress(job.id, progress, tx);
    });
    for (const id of touched) s.touched.add(id);
  }

  private checkedMapping(job: ImportJobEntity, mapping: Record<string, string>): Record<string, string> {
    const fields = new Set(FIELDS[job.kind].map((f) => f.key));
    const out: Record<string, string> = {};
    for (const [field, header] of Object.entries(mapping)) {
      if (!fields.has(field)) throw invalid('unknown_field', `"${field}" is not something a column can be imported into`, `mapping.${field}`);
      if (typeof header !== 'string' || !job.headers.includes(header)) throw invalid('unknown_column', `The file has no column "${String(header)}"`, `mapping.${field}`);
      out[field] = header;
    }
    if (job.kind === ImportKind.Leads && !out.name && !(out.firstName || out.lastName)) throw invalid('name_unmapped', 'Choose the column that holds the name (or first and last name)', 'mapping.name');
    if (job.kind === ImportKind.Units) {
      const missing = UNIT_REQUIRED.filter((f) => !out[f]);
      if (missing.length) throw invalid('unit_fields_unmapped', `Choose the columns that hold: ${missing.map((f) => UNIT_FIELDS[f].toLowerCase()).join(', ')}`, `mapping.${missing[0]}`);
    }
    if (job.kind === ImportKind.Leads && !out.email && !out.phone) throw invalid('contact_unmapped', 'Choose the column that holds the email or the phone', 'mapping.email');
    return out;
  }

  private async ownOrFail(id: string, user: AuthUser): Promise<ImportJobEntity> {
    const job = await this.repo.findJob(id);
    // Someone else's import answers like one that does not exist.
    if (!job || (job.createdById !== user.id && !isAdmin(user))) throw notFound('Import');
    return job;
  }

  private dto(job: ImportJobEntity): ImportDto {
    return mapImport(job, FIELDS[job.kind], suggestMapping(job.headers, job.kind));
  }
}
