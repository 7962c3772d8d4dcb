import { ApiProperty } from '@nestjs/swagger';
import { LeadStage } from '../leads/lead.enums';

/** A `moved` event on the board's stream. */
export class LeadMovedEventDto {
  leadId: string;
  @ApiProperty({ enum: LeadStage, enumName: 'LeadStage' })
  from: LeadStage;
  @ApiProperty({ enum: LeadStage, enumName: 'LeadStage' })
  to: LeadStage;
  /** The lead's version after the move. */
  version: number;
  /** Who moved it (null: the assistant or the system). */
  actorId: string | null;
}
