import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../core/auth/auth-user';
import { CurrentUser } from '../core/auth/auth.decorators';
import { CancelViewingDto, ViewingDto } from './viewings.dto';
import { ViewingsService } from './viewings.service';

@ApiTags('viewings')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('viewings')
export class ViewingsController {
  constructor(private readonly viewings: ViewingsService) {}

  /** Cancels a booked viewing (of a lead you may see); it goes on the lead's timeline. */
  @Post(':id/cancel')
  @HttpCode(200)
  cancelViewing(@Param('id', ParseUUIDPipe) id: string, @Body() dto: CancelViewingDto, @CurrentUser() user: AuthUser): Promise<ViewingDto> {
    return this.viewings.cancel(id, user, dto.reason?.trim() || null);
  }
}
