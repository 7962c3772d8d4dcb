import { Body, Controller, Delete, Get, Header, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../core/auth/auth-user';
import { CurrentUser, Public } from '../core/auth/auth.decorators';
import { CalendarFeedService } from './calendar-feed.service';
import { ViewingBookingService } from './viewing-booking.service';
import { BookedViewingDto, BookViewingDto, CalendarFeedDto, CalendarFeedStatusDto, CalendarViewingDto, CancelViewingDto, MoveViewingDto, ViewingCalendarQueryDto, ViewingConflictQueryDto, ViewingConflictsDto, ViewingDto, ViewingSlotsDto, ViewingSlotsQueryDto } from './viewings.dto';
import { ViewingsService } from './viewings.service';
import { RateLimit } from '../core/rate-limit/rate-limit.decorator';
import { SellerReportService } from './seller-report.service';
import { FeedbackFormDto, HeldViewingDto, SellerReportDto, ViewingFeedbackDto, ViewingFeedbackInputDto } from './viewing-feedback.dto';
import { ViewingFeedbackService } from './viewing-feedback.service';

/** A lead's viewings: free times of a home and booking one (from a listing's page). */
@ApiTags('viewings')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('leads')
export class LeadViewingsController {
  constructor(
    private readonly booking: ViewingBookingService,
    private readonly feedback: ViewingFeedbackService,
  ) {}

  /** The lead's viewings that have taken place (not cancelled), newest first, each with its feedback if given. */
  @Get(':id/viewings/held')
  listHeldViewings(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<HeldViewingDto[]> {
    return this.feedback.heldViewings(id, user);
  }

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
    private readonly feedback: ViewingFeedbackService,
    private readonly booking: ViewingBookingService,
  ) {}

  /**
   * Records what the lead thought of the home (told to the agent). One answer per viewing: a second
   * is 409 `feedback_already_given`; a cancelled viewing or one still to come is 409; a feature the
   * home does not have is 422.
   */
  @Post(':id/feedback')
  recordViewingFeedback(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ViewingFeedbackInputDto, @CurrentUser() user: AuthUser): Promise<ViewingFeedbackDto> {
    return this.feedback.recordByAgent(id, dto, user);
  }

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

/**
 * The lead's feedback page behind the link sent after a viewing: the signed token in the address
 * is the only credential (one viewing, so one lead; it expires 30 days after the viewing).
 */
@ApiTags('public')
@Public()
@Controller('public/viewing-feedback')
export class PublicViewingFeedbackController {
  constructor(private readonly feedback: ViewingFeedbackService) {}

  /** What the page asks about; a bad or expired link is 404, a cancelled viewing 409. */
  @Get(':token')
  getFeedbackForm(@Param('token') token: string): Promise<FeedbackFormDto> {
    return this.feedback.form(token);
  }

  /** The lead's answer. A second answer through the same link is 409 `feedback_already_given` (the first stands). */
  @Post(':token')
  @RateLimit('website')
  submitViewingFeedback(@Param('token') token: string, @Body() dto: ViewingFeedbackInputDto): Promise<ViewingFeedbackDto> {
    return this.feedback.submitByLead(token, dto);
  }
}

/** A home's report for its seller. */
@ApiTags('viewings')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('units')
export class SellerReportController {
  constructor(private readonly reports: SellerReportService) {}

  /**
   * Viewings held, buyers' feedback (liked or not, features named most, price perception, quotes
   * by first name and initial only) and how many open leads the home fits now. Anyone signed in
   * (homes are visible to every agent); an unknown home is 404.
   */
  @Get(':id/seller-report')
  getSellerReport(@Param('id', ParseUUIDPipe) id: string): Promise<SellerReportDto> {
    return this.reports.report(id);
  }
}
