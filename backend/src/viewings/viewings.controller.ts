import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../core/auth/auth-user';
import { CurrentUser } from '../core/auth/auth.decorators';
import { ViewingBookingService } from './viewing-booking.service';
import { BookedViewingDto, BookViewingDto, CancelViewingDto, ViewingDto, ViewingSlotsDto, ViewingSlotsQueryDto } from './viewings.dto';
import { ViewingsService } from './viewings.service';

/** A lead's viewings: free times of a home and booking one (from a listing's page). */
@ApiTags('viewings')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('leads')
export class LeadViewingsController {
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

/** A booked viewing itself. */
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
