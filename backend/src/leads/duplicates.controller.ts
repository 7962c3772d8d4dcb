import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { AuthUser } from '../core/auth/auth-user';
import { CurrentUser } from '../core/auth/auth.decorators';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Roles } from '../core/auth/auth.decorators';
import { UserRole } from '../users/user.entity';
import { DuplicateCandidateDto, DuplicatePageDto, ListDuplicatesQueryDto } from './duplicates.dto';
import { LeadsService } from './leads.service';

@ApiTags('duplicates')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Roles(UserRole.Admin)
@Controller('duplicates')
export class DuplicatesController {
  constructor(private readonly leads: LeadsService) {}

  /**
   * Contacts that may be the same person but were kept apart, because whoever brought in the
   * second one could not see the first (admins only), newest first.
   */
  @Get()
  listDuplicates(@Query() query: ListDuplicatesQueryDto): Promise<DuplicatePageDto> {
    return this.leads.listDuplicates(query);
  }

  /** "Not the same person": the pair leaves the review queue and is never proposed again. */
  @Post(':id/dismiss')
  @HttpCode(200)
  dismissDuplicate(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<DuplicateCandidateDto> {
    return this.leads.dismissDuplicate(id, user);
  }
}
