import { Body, Controller, Delete, Get, Header, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../core/auth/auth-user';
import { CurrentUser, Public } from '../core/auth/auth.decorators';
import { CalendarFeedService } from './calendar-feed.service';
import { ViewingBookingService } from './viewing-booking.service';
import { BookedViewingDto, BookViewingDto, CalendarFeedDto, CalendarFeedStatusDto, CalendarViewingDto, CancelViewingDto, MoveViewingDto, ViewingCalendarQueryDto, ViewingConflictQueryDto, ViewingConflictsDto, ViewingDto, ViewingSlotsDto, ViewingSlotsQueryDto } from './viewings.dto';
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

  /** The lead's viewings, past and upcoming, in start order. */
  @Get(':id/viewings')
  listLeadViewings(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<CalendarViewingDto[]> {
    return this.booking.ofLead(id, user);
  }
}

/** A booked viewing itself. */
@ApiTags('viewings')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('viewings')
export class ViewingsController {
  constructor(
    private readonly viewings: ViewingsService,
    private readonly booking: ViewingBookingService,
  ) {}

  /** Viewings starting in a range (at most 62 days): the ones I show, or `scope=team` those of every lead I may see. */
  @Get()
  listViewingCalendar(@Query() query: ViewingCalendarQueryDto, @CurrentUser() user: AuthUser): Promise<CalendarViewingDto[]> {
    return this.viewings.calendar(query, user);
  }

  /** Checks a start before saving a booking or a move: the lead's other viewings near it, the agent's calendar, the home's. Writes nothing. */
  @Post('conflicts')
  @HttpCode(200)
  checkViewingConflicts(@Body() dto: ViewingConflictQueryDto, @CurrentUser() user: AuthUser): Promise<ViewingConflictsDto> {
    return this.booking.conflicts(dto, user);
  }

  /** Cancels a booked viewing (of a lead you may see); it goes on the lead's timeline. */
  @Post(':id/cancel')
  @HttpCode(200)
  cancelViewing(@Param('id', ParseUUIDPipe) id: string, @Body() dto: CancelViewingDto, @CurrentUser() user: AuthUser): Promise<ViewingDto> {
    return this.viewings.cancel(id, user, dto.reason?.trim() || null);
  }

  /** Moves a booked viewing to another free time (the lead's time zone); the lead and the agent get the updated invite. */
  @Post(':id/move')
  @HttpCode(200)
  moveViewing(@Param('id', ParseUUIDPipe) id: string, @Body() dto: MoveViewingDto, @CurrentUser() user: AuthUser): Promise<ViewingDto> {
    return this.viewings.move(id, dto.date, dto.time, user);
  }
}

/** My private calendar feed of viewings (Google Calendar, Outlook, Apple Calendar subscribe to it). */
@ApiTags('viewings')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('viewings/feed')
export class CalendarFeedController {
  constructor(private readonly feeds: CalendarFeedService) {}

  /** Whether my feed address is live. */
  @Get()
  getMyCalendarFeed(@CurrentUser() user: AuthUser): Promise<CalendarFeedStatusDto> {
    return this.feeds.status(user);
  }

  /** Makes my feed address (a new one each time: the old one stops working). */
  @Post()
  createMyCalendarFeed(@CurrentUser() user: AuthUser): Promise<CalendarFeedDto> {
    return this.feeds.create(user);
  }

  /** Revokes my feed address: calendars subscribed to it get 404. */
  @Delete()
  @HttpCode(204)
  revokeMyCalendarFeed(@CurrentUser() user: AuthUser): Promise<void> {
    return this.feeds.revoke(user);
  }
}

/** The feed itself: the secret token in the address is the only credential (calendar apps send no other). */
@ApiTags('viewings')
@Public()
@Controller('public/calendars')
export class PublicCalendarFeedController {
  constructor(private readonly feeds: CalendarFeedService) {}

  /** An agent's viewings as iCalendar (text/calendar); an unknown or revoked token is 404. */
  @Get(':file')
  @Header('content-type', 'text/calendar; charset=utf-8')
  @Header('cache-control', 'private, max-age=300')
  async calendarFeed(@Param('file') file: string): Promise<string> {
    const ics = await this.feeds.render(file.replace(/\.ics$/, ''));
    if (ics === null) throw new NotFoundException();
    return ics;
  }
}
