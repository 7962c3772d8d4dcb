import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { ImportJobEntity, ImportKind, ImportStatus } from './import-job.entity';
import type { ImportMappingEntity } from './import-mapping.entity';
import type { ImportRejectionEntity } from './import-rejection.entity';

export class UploadImportQueryDto {
  /** What the file holds: leads (default) or units (listings). */
  @ApiProperty({ enum: ImportKind, enumName: 'ImportKind', required: false })
  @IsOptional()
  @IsEnum(ImportKind)
  kind?: ImportKind;
}

export class StartImportDto {
  /** Field -> column header, e.g. `{"name": "Full Name", "email": "E-mail"}` (fields: see `fields` of the import). */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  @IsObject()
  mapping: Record<string, string>;

  /** Check every row and report what would happen, writing nothing. */
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;

  /** Country for phone numbers written without a country code (ISO 3166 alpha-2, default US). */
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'defaultCountry must be a 2-letter country code such as US or GB' })
  defaultCountry?: string;

  /** Save this mapping under a name, to pick it for the next file. */
  @IsOptional()
  @IsString()
  @Length(1, 80)
  saveMappingAs?: string;
}

export class ImportFieldDto {
  key: string;
  /** How the field is named on screen. */
  label: string;
  required: boolean;
}

export class SavedMappingDto {
  id: string;
  name: string;
  @ApiProperty({ enum: ImportKind, enumName: 'ImportKind' })
  kind: ImportKind;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  mapping: Record<string, string>;
}

export class ImportProgressDto {
  /** Rows checked so far (every row counts once: created, updated, merged or skipped). */
  rowsDone: number;
  /** Rows under the header; null until the worker has counted them. */
  totalRows: number | null;
  /** Rows per second since the run started. */
  rowsPerSecond: number | null;
  /** Seconds left at the current rate. */
  etaSeconds: number | null;
}

export class ImportCountsDto {
  created: number;
  updated: number;
  merged: number;
  skipped: number;
  /** New contacts kept apart from an existing contact the importer cannot see, put up for review. */
  possibleDuplicates: number;
}

export class ImportDto {
  id: string;
  @ApiProperty({ enum: ImportKind, enumName: 'ImportKind' })
  kind: ImportKind;
  @ApiProperty({ enum: ImportStatus, enumName: 'ImportStatus' })
  status: ImportStatus;
  fileName: string;
  fileSize: number;
  /** The separator found: `,` `;` tab or `|`. */
  delimiter: string;
  headers: string[];
  /** The first rows under the header. */
  preview: string[][];
  /** What columns can be mapped to. */
  fields: ImportFieldDto[];
  /** The mapping chosen, or (before the start) the one suggested from the headers. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  mapping: Record<string, string>;
  dryRun: boolean;
  defaultCountry: string;
  progress: ImportProgressDto;
  counts: ImportCountsDto;
  /** Why the run failed, when it did. */
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export class ImportRejectionDto {
  row: number;
  reason: string;
  cells: string[];
}

export class ImportRejectionPageDto {
  items: ImportRejectionDto[];
  total: number;
  page: number;
  pageSize: number;
}

export class ListRejectionsQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  pageSize?: number;
}

export class ListMappingsQueryDto {
  @ApiProperty({ enum: ImportKind, enumName: 'ImportKind', required: false })
  @IsOptional()
  @IsEnum(ImportKind)
  kind?: ImportKind;
}

export function mapImport(job: ImportJobEntity, fields: ImportFieldDto[], suggested: Record<string, string>, now = Date.now()): ImportDto {
  const elapsed = job.startedAt ? ((job.finishedAt?.getTime() ?? now) - job.startedAt.getTime()) / 1000 : 0;
  const rate = job.startedAt && elapsed > 0 && job.rowsDone > 0 ? job.rowsDone / elapsed : null;
  const left = job.totalRows !== null ? Math.max(0, job.totalRows - job.rowsDone) : null;
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    fileName: job.fileName,
    fileSize: job.fileSize,
    delimiter: job.delimiter,
    headers: job.headers,
    preview: job.preview,
    fields,
    mapping: job.mapping ?? suggested,
    dryRun: job.dryRun,
    defaultCountry: job.defaultCountry,
    progress: {
      rowsDone: job.rowsDone,
      totalRows: job.totalRows,
      rowsPerSecond: rate === null ? null : Math.round(rate),
      etaSeconds: rate && left !== null && job.status === ImportStatus.Running ? Math.ceil(left / rate) : left === 0 ? 0 : null,
    },
    counts: { created: job.created, updated: job.updated, merged: job.merged, skipped: job.skipped, possibleDuplicates: job.possibleDuplicates },
    error: job.error,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

export const mapRejection = (r: ImportRejectionEntity): ImportRejectionDto => ({ row: r.row, reason: r.reason, cells: r.cells });
export const mapMapping = (m: ImportMappingEntity): SavedMappingDto => ({ id: m.id, name: m.name, kind: m.kind, mapping: m.mapping });
