import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../core/auth/auth.decorators';
import type { AuthUser } from '../core/auth/auth-user';
import { ViewingBookingService } from './viewing-booking.service';
import { BookedViewingDto, BookViewingDto, ViewingSlotsDto, ViewingSlotsQueryDto } from './viewings.dto';

@ApiTags('viewings')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('leads')
export class ViewingsController {
  constructor(private readonly booking: ViewingBookingService) {}

  /** Free viewing times of a home for this lead, in the lead's time zone. */
  @Get(':id/viewing-slots')
  listViewingSlots(@Param('id', ParseUUIDPipe) id: string, @Query() query: ViewingSlotsQueryDto, @CurrentUser() user: AuthUser): Promise<ViewingSlotsDto> {
    return this.booking.slots(id, query, user);
  }

  /** Books a viewing of a home for this lead (on the timeline). A taken or closed time is refused with the nearest free ones. */
  @Post(':id/viewings')
  bookViewing(@Param('id', ParseUUIDPipe) id: string, @Body() dto: BookViewingDto, @CurrentUser() user: AuthUser): Promise<BookedViewingDto> {
    return this.booking.book(id, dto, user);
  }
}
