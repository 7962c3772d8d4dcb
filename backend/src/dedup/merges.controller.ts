import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../core/auth/auth-user';
import { CurrentUser } from '../core/auth/auth.decorators';
import { DuplicateCandidateDto } from '../leads/duplicates.dto';
import { MergeLeadDto, MergeResultDto, UndoResultDto } from './merges.dto';
import { MergesService } from './merges.service';

@ApiTags('duplicates')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller()
export class MergesController {
  constructor(private readonly merges: MergesService) {}

  /** Leads that may be the same person as this one, with confidence and evidence (only leads you can see). */
  @Get('leads/:id/duplicates')
  getLeadDuplicates(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<DuplicateCandidateDto[]> {
    return this.merges.duplicatesOf(id, user);
  }

  /**
   * Merges another lead into this one: you pick which value each field keeps; everything of the
   * other lead moves here and it stays as a tombstone pointing here. Undo within 30 days.
   */
  @Post('leads/:id/merge')
  @HttpCode(200)
  mergeLead(@Param('id', ParseUUIDPipe) id: string, @Body() dto: MergeLeadDto, @CurrentUser() user: AuthUser): Promise<MergeResultDto> {
    return this.merges.merge(id, dto, user);
  }

  /** Undoes a merge (within 30 days, and before any later merge of the same leads): both leads as they were. */
  @Post('merges/:id/undo')
  @HttpCode(200)
  undoMerge(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<UndoResultDto> {
    return this.merges.undo(id, user);
  }
}
