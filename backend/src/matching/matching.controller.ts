import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../core/auth/auth-user';
import { CurrentUser } from '../core/auth/auth.decorators';
import { RateLimit } from '../core/rate-limit/rate-limit.decorator';
import { BuyerMatchDto, LeadMatchesDto } from './matching.dto';
import { MatchingService } from './matching.service';

// The two directions of matching, each under the path (and API tag) of what it starts from.

@ApiTags('leads')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('leads')
export class LeadMatchesController {
  constructor(private readonly matching: MatchingService) {}

  /** The best available units for this lead's profile and wishes, each with why. */
  @RateLimit('search')
  @Get(':id/matches')
  getLeadMatches(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<LeadMatchesDto> {
    return this.matching.forLead(id, user);
  }
}

@ApiTags('inventory')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('inventory')
export class UnitMatchesController {
  constructor(private readonly matching: MatchingService) {}

  /** Open leads this unit fits ("buyers for this listing"), best fit first; agents see their own and unassigned leads. */
  @RateLimit('search')
  @Get(':id/matches')
  getUnitMatches(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<BuyerMatchDto[]> {
    return this.matching.buyersForUnit(id, user);
  }
}
