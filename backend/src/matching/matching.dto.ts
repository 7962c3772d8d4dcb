import { ApiProperty } from '@nestjs/swagger';
import { UnitHitDto } from '../inventory/inventory.dto';

export class LeadMatchesDto {
  leadId: string;
  /** When these matches were computed. */
  computedAt: string;
  /** False when computed now because the stored matches were older than the lead's profile. */
  stored: boolean;
  @ApiProperty({ type: () => UnitHitDto, isArray: true })
  items: UnitHitDto[];
}

export class BuyerMatchDto {
  leadId: string;
  name: string;
  stage: string;
  /** The lead's current score, 0–100. */
  score: number;
  assigneeId: string | null;
  /** How many of the lead's stated wishes this unit meets (purpose, budget, bedrooms, type, location). */
  fit: number;
  /** The wishes it meets, in words. */
  why: string[];
}
