import { Injectable, Logger } from '@nestjs/common';
import { AuditEntry, AuditTrail } from '../core/audit/audit-trail';
import { currentRequestOrigin } from '../core/http/request-context';
import { UserDirectoryService } from '../users/user-directory.service';
import { AuditPageDto, ListAuditQueryDto, mapAuditEntry } from './audit.dto';
import { AuditRepository } from './audit.repository';

/**
 * The audit log: who did what, when, from where. Every feature writes through the `AuditTrail`
 * port (core), which this service implements; admins read it through `GET /api/audit`.
 *
 * For the merge code (issue 15 points 3-4): call `record({ action: 'lead.merged', actorId,
 * targetType: 'lead', targetId: survivorId, changes: { merged: otherId, fields: {...} } })` after
 * the merge commits, and `'merge.undone'` (targetType 'merge') after an undo.
 */
@Injectable()
export class AuditService extends AuditTrail {
  private readonly logger = new Logger(AuditService.name);

  constructor(
    private readonly repo: AuditRepository,
    private readonly users: UserDirectoryService,
  ) {
    super();
  }

  async record(entry: AuditEntry): Promise<void> {
    const origin = currentRequestOrigin();
    let label = entry.actorLabel ?? null;
    if (!label && entry.actorId) label = (await this.users.findById(entry.actorId))?.name ?? null;
    try {
      await this.repo.append({
        action: entry.action,
        actorId: entry.actorId ?? null,
        actorLabel: label?.slice(0, 254) ?? null,
        apiKeyId: entry.apiKeyId ?? null,
        targetType: entry.targetType ?? null,
        targetId: entry.targetId ?? null,
        ip: origin?.ip ?? null,
        userAgent: origin?.userAgent ?? null,
        requestId: origin?.requestId ?? null,
        changes: entry.changes ?? {},
      });
    } catch (e) {
      // The action already happened; losing its line is bad, failing the person's request for it is worse.
      this.logger.error(`Could not record ${entry.action}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async list(query: ListAuditQueryDto): Promise<AuditPageDto> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const [rows, total] = await this.repo.findPage(
      {
        action: query.action,
        actorId: query.actorId,
        targetType: query.targetType,
        targetId: query.targetId,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
      },
      pageSize,
      (page - 1) * pageSize,
    );
    return { items: rows.map(mapAuditEntry), total, page, pageSize };
  }
}
