import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import type { AuditAction } from '../core/audit/audit-trail';
import { AUDIT_ACTIONS } from './audit-actions';
import type { AuditEntryEntity } from './audit-entry.entity';

export class ListAuditQueryDto {
  /** Only this kind of action. */
  @ApiProperty({ enum: AUDIT_ACTIONS, enumName: 'AuditAction', required: false })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  action?: AuditAction;

  /** Only what this user did. */
  @IsOptional()
  @IsUUID()
  actorId?: string;

  /** Only what was done to records of this type ('user', 'lead', 'api_key', 'import', ...). */
  @IsOptional()
  @IsString()
  @MaxLength(40)
  targetType?: string;

  /** Only what was done to this record. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  targetId?: string;

  /** Recorded at or after this time (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  /** Recorded before this time (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  page?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;
}

export class AuditEntryDto {
  id: string;
  at: string;
  @ApiProperty({ enum: AUDIT_ACTIONS, enumName: 'AuditAction' })
  action: AuditAction;
  actorId: string | null;
  /** Who did it, as named when it happened (a user's name, or the email typed at a failed sign-in). */
  actorName: string | null;
  apiKeyId: string | null;
  targetType: string | null;
  targetId: string | null;
  /** The client's address. */
  ip: string | null;
  userAgent: string | null;
  /** What changed (`{field: {from, to}}`) or the facts of the action. */
  @ApiProperty({ type: 'object', additionalProperties: true })
  changes: Record<string, unknown>;
}

export class AuditPageDto {
  items: AuditEntryDto[];
  total: number;
  page: number;
  pageSize: number;
}

export const mapAuditEntry = (e: AuditEntryEntity): AuditEntryDto => ({
  id: e.id,
  at: e.at.toISOString(),
  action: e.action as AuditAction,
  actorId: e.actorId,
  actorName: e.actorLabel,
  apiKeyId: e.apiKeyId,
  targetType: e.targetType,
  targetId: e.targetId,
  ip: e.ip,
  userAgent: e.userAgent,
  changes: e.changes,
});
