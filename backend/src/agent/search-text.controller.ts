import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RateLimit } from '../core/rate-limit/rate-limit.decorator';
import { SearchTextReadingDto, UnderstandSearchQueryDto } from '../inventory/inventory.dto';
import { SearchTextService } from './search-text.service';

/**
 * Inventory search's reading of typed text. It lives with the assistant because it is the
 * assistant's understanding; inventory knows nothing of it (no cycle: agent → inventory only).
 */
@ApiTags('inventory')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('inventory')
export class SearchTextController {
  constructor(private readonly searchText: SearchTextService) {}

  /**
   * Reads what a person typed into search into filters ("under 900k" → priceMax 900000, "3 bed" →
   * bedsMin 3, a known town or area, "near a park" as a wish, not a place) and the words left over;
   * the same understanding the assistant reads a lead's message with.
   */
  @RateLimit('search')
  @Get('search/understand')
  understandSearch(@Query() query: UnderstandSearchQueryDto): Promise<SearchTextReadingDto> {
    return this.searchText.understand(query.q);
  }
}
