import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import { scopeOf } from '../access/lead-access';
import { AuditTrail } from '../core/audit/audit-trail';
import { AuthUser } from '../core/auth/auth-user';
import { QUALIFICATION_LABELS, SOURCE_LABELS, STAGE_LABELS } from '../words/broker-words';
import { safeCell } from '../core/text/csv-cells';
import type { InboxRow } from './inbox-query';
import { ExportColumn, ExportLeadsQueryDto } from './leads.dto';
import { LeadsRepository } from './leads.repository';
import { inboxFilterOf } from './leads.service';

type Row = InboxRow & { phone_e164: string | null };

/** Header and value of each export column: the inbox's words, never field names. */
const COLUMNS: Record<ExportColumn, { header: string; value: (r: Row) => unknown }> = {
  name: { header: 'Name', value: (r) => r.name },
  email: { header: 'Email', value: (r) => r.email },
  // The normalised number when there is one: the same across spellings, and safe in a spreadsheet.
  phone: { header: 'Phone', value: (r) => r.phone_e164 ?? r.phone },
  stage: { header: 'Stage', value: (r) => STAGE_LABELS[r.stage] ?? r.stage },
  source: { header: 'Source', value: (r) => SOURCE_LABELS[r.source] ?? r.source },
  score: { header: 'Score', value: (r) => r.score },
  qualification: { header: 'Qualification', value: (r) => QUALIFICATION_LABELS[r.qualification_status] ?? r.qualification_status },
  assignee: { header: 'Agent', value: (r) => r.assignee_name ?? 'Unassigned' },
  created: { header: 'Created', value: (r) => r.created_at },
  lastActivity: { header: 'Last activity', value: (r) => r.last_activity_at },
  replyDue: { header: 'Reply due', value: (r) => r.sla_due_at },
  firstReply: { header: 'First reply', value: (r) => r.first_response_at },
};

export const DEFAULT_EXPORT_COLUMNS: ExportColumn[] = ['name', 'email', 'phone', 'stage', 'source', 'score', 'assignee', 'created', 'lastActivity'];

/**
 * Inbox filters and saved views as CSV: streamed from a database cursor straight into the
 * response (flat memory at any size), every cell escaped against formula injection, and every
 * export recorded in the audit log before the first byte leaves (it is personal data).
 */
@Injectable()
export class LeadExportService {
  constructor(
    private readonly leads: LeadsRepository,
    private readonly audit: AuditTrail,
  ) {}

  async exportCsv(query: ExportLeadsQueryDto, user: AuthUser): Promise<Readable> {
    const filter = inboxFilterOf(query, user);
    const columns = query.columns?.length ? query.columns : DEFAULT_EXPORT_COLUMNS;
    const sort = query.sort ?? '-score';
    const { viewId } = query;
    const filters: Record<string, unknown> = { ...query };
    delete filters.columns;
    delete filters.viewId;
    await this.audit.record({
      action: 'export.leads',
      actorId: user.id,
      apiKeyId: user.apiKeyId,
      targetType: viewId ? 'view' : 'inbox',
      targetId: viewId ?? null,
      changes: { filters, columns, sort },
    });
    const rows = this.leads.streamInbox(filter, scopeOf(user), sort);
    const out = stringify({ header: true, columns: columns.map((c) => ({ key: c, header: COLUMNS[c].header })), bom: true });
    const pump = async () => {
      for await (const batch of rows) {
        for (const r of batch as Row[]) {
          const record: Record<string, string> = {};
          for (const c of columns) record[c] = safeCell(COLUMNS[c].value(r));
          // Respect back-pressure: a slow client must not make us buffer the whole result.
          if (!out.write(record)) await new Promise((ok) => out.once('drain', ok));
        }
      }
      out.end();
    };
    pump().catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
    return out;
  }
}
