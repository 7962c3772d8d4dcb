import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { ContactEntity } from './contact.entity';
import { DuplicateCandidateEntity, type DuplicateOrigin, DuplicateSignal, DuplicateStatus } from './duplicate-candidate.entity';

export class ListDuplicatesQueryDto {
  /** Which pairs: still to review (default), merged or dismissed. */
  @ApiProperty({ enum: DuplicateStatus, enumName: 'DuplicateStatus', required: false })
  @IsOptional()
  @IsEnum(DuplicateStatus)
  status?: DuplicateStatus;

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
  @Max(100)
  pageSize?: number;
}

export class DuplicateContactDto {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  /** Its lead in the pair (the most recent one for the existing contact), if any. */
  leadId: string | null;
}

export class DuplicateCandidateDto {
  id: string;
  /** The contact that was created or changed. */
  contact: DuplicateContactDto;
  /** The existing contact with the same email or phone. */
  existing: DuplicateContactDto;
  /** What matched. */
  @ApiProperty({ enum: DuplicateSignal, enumName: 'DuplicateSignal' })
  signal: DuplicateSignal;
  /** How the second contact arrived: a new lead, an edit, or details learned in a conversation. */
  @ApiProperty({ enum: ['lead_created', 'lead_updated', 'conversation', 'import'] })
  origin: DuplicateOrigin;
  @ApiProperty({ enum: DuplicateStatus, enumName: 'DuplicateStatus' })
  status: DuplicateStatus;
  createdAt: string;
}

export class DuplicatePageDto {
  items: DuplicateCandidateDto[];
  total: number;
  page: number;
  pageSize: number;
}

const side = (c: ContactEntity | undefined, id: string, leadId: string | null): DuplicateContactDto => ({
  id,
  name: c?.name ?? '',
  email: c?.email ?? null,
  phone: c?.phone ?? null,
  leadId,
});

export const mapDuplicate = (d: DuplicateCandidateEntity): DuplicateCandidateDto => ({
  id: d.id,
  contact: side(d.contact, d.contactId, d.leadId),
  existing: side(d.otherContact, d.otherContactId, d.otherLeadId),
  signal: d.signal,
  origin: d.origin,
  status: d.status,
  createdAt: d.createdAt.toISOString(),
});
