import { ApiProperty } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PROFILE_FIELDS } from '../leads/profile.dto';

/** Contact fields a merge chooses between (opt-outs are never chosen: an opt-out on either side stays). */
export const MERGE_CONTACT_FIELDS = ['name', 'email', 'phone', 'whatsappId', 'timezone', 'preferredChannel'] as const;
export const MERGE_FIELDS = [...MERGE_CONTACT_FIELDS, ...PROFILE_FIELDS] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];
export type MergeSide = 'survivor' | 'merged';

export class MergeLeadDto {
  /** The lead merged into this one; it stays as a tombstone pointing here. */
  @IsUUID()
  otherLeadId: string;

  /** Why, in a sentence: shown on the timeline. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;

  /**
   * Which lead's value each field keeps: `survivor` (this lead) or `merged` (the other). Fields
   * not named keep the most complete value, and of two, the most recent.
   */
  @ApiProperty({ required: false, type: Object, additionalProperties: { type: 'string', enum: ['survivor', 'merged'] }, example: { phone: 'merged', budgetMax: 'survivor' } })
  @IsOptional()
  @IsObject()
  fields?: Partial<Record<MergeField, MergeSide>>;
}

export class MergeResultDto {
  /** The merge, for undo within 30 days. */
  mergeId: string;
  survivorId: string;
  mergedId: string;
  /** Which lead's value each field kept. */
  @ApiProperty({ type: Object, additionalProperties: { type: 'string', enum: ['survivor', 'merged'] } })
  fields: Record<string, MergeSide>;
  /** The survivor's score after the merge. */
  score: number;
  /** Until when undo is possible. */
  undoUntil: string;
}

export class UndoResultDto {
  mergeId: string;
  survivorId: string;
  restoredId: string;
}

export const isMergeSide = (v: unknown): v is MergeSide => v === 'survivor' || v === 'merged';
