import { Module } from '@nestjs/common';
import { AppConfig } from '../core/config/app-config';
import { CALENDAR_PUSH, GoogleCalendarAdapter } from './calendar-push';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InventoryModule } from '../inventory/inventory.module';
import { LeadRecordsModule } from '../leads/lead-records.module';
import { LeadsModule } from '../leads/leads.module';
import { ViewingBookingService } from './viewing-booking.service';
import { ViewingEntity } from './viewing.entity';
import { AgentAvailabilityEntity, AgentCalendarFeedEntity, AgentTimeOffEntity, UnitViewingWindowsEntity } from './availability.entity';
import { AvailabilityController, UnitViewingWindowsController } from './availability.controller';
import { AvailabilityRepository } from './availability.repository';
import { AvailabilityService } from './availability.service';
import { CalendarFeedController, LeadViewingsController, PublicCalendarFeedController, PublicViewingFeedbackController, SellerReportController, ViewingsController } from './viewings.controller';
import { MatchingModule } from '../matching/matching.module';
import { SellerReportService } from './seller-report.service';
import { ViewingFeedbackEntity } from './viewing-feedback.entity';
import { ViewingFeedbackRepository } from './viewing-feedback.repository';
import { ViewingFeedbackService } from './viewing-feedback.service';
import { CalendarFeedService } from './calendar-feed.service';
import { ViewingsRepository } from './viewings.repository';
import { ViewingsService } from './viewings.service';

@Module({
  imports: [TypeOrmModule.forFeature([ViewingEntity, AgentAvailabilityEntity, AgentTimeOffEntity, UnitViewingWindowsEntity, AgentCalendarFeedEntity, ViewingFeedbackEntity]), LeadRecordsModule, LeadsModule, InventoryModule, MatchingModule],
  controllers: [LeadViewingsController, AvailabilityController, CalendarFeedController, ViewingsController, UnitViewingWindowsController, PublicCalendarFeedController, PublicViewingFeedbackController, SellerReportController],
  providers: [ViewingsService, ViewingsRepository, ViewingBookingService, AvailabilityRepository, AvailabilityService,
    CalendarFeedService,
    ViewingFeedbackService,
    ViewingFeedbackRepository,
    SellerReportService,
    {
      provide: CALENDAR_PUSH,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => (config.env.GOOGLE_CALENDAR_TOKEN ? new GoogleCalendarAdapter({ baseUrl: config.env.GOOGLE_CALENDAR_BASE_URL, calendarId: config.env.GOOGLE_CALENDAR_ID, token: config.env.GOOGLE_CALENDAR_TOKEN }) : null),
    },
  ],
  exports: [ViewingsService, ViewingFeedbackService],
})
export class ViewingsModule {}
