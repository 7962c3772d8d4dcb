import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { ContactEntity } from './contact.entity';
import type { LeadEntity } from './lead.entity';
import { LeadSource, LeadStage } from './lead.enums';
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
  /** Where that lead came from, its stage, score and when it arrived (null without a lead). */
  @ApiProperty({ enum: LeadSource, enumName: 'LeadSource', nullable: true, required: false })
  source?: LeadSource | null;
  @ApiProperty({ enum: LeadStage, enumName: 'LeadStage', nullable: true, required: false })
  stage?: LeadStage | null;
  score?: number | null;
  leadCreatedAt?: string | null;
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
  /** 0..1: how likely the two are the same person. */
  confidence: number;
  /** Why, in words: "phone +1 206 555 0101 equal; names 'Jon Smith' / 'John Smith', Jaro-Winkler 0.97". */
  evidence: string[];
  createdAt: string;
}

export class DuplicatePageDto {
  items: DuplicateCandidateDto[];
  total: number;
  page: number;
  pageSize: number;
}

const side = (c: ContactEntity | undefined, id: string, leadId: string | null, lead?: LeadEntity | null): DuplicateContactDto => ({
  id,
  name: c?.name ?? '',
  email: c?.email ?? null,
  phone: c?.phone ?? null,
  leadId,
  source: lead?.source ?? null,
  stage: lead?.stage ?? null,
  score: lead?.score ?? null,
  leadCreatedAt: lead?.createdAt?.toISOString() ?? null,
});

export const mapDuplicate = (d: DuplicateCandidateEntity): DuplicateCandidateDto => ({
  id: d.id,
  contact: side(d.contact, d.contactId, d.leadId, d.lead),
  existing: side(d.otherContact, d.otherContactId, d.otherLeadId, d.otherLead),
  signal: d.signal,
  origin: d.origin,
  status: d.status,
  confidence: d.confidence,
  evidence: d.evidence,
  createdAt: d.createdAt.toISOString(),
});
