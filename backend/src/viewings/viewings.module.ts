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
import { CalendarFeedController, LeadViewingsController, PublicCalendarFeedController, ViewingsController } from './viewings.controller';
import { CalendarFeedService } from './calendar-feed.service';
import { ViewingsRepository } from './viewings.repository';
import { ViewingsService } from './viewings.service';

@Module({
  imports: [TypeOrmModule.forFeature([ViewingEntity, AgentAvailabilityEntity, AgentTimeOffEntity, UnitViewingWindowsEntity, AgentCalendarFeedEntity]), LeadRecordsModule, LeadsModule, InventoryModule],
  controllers: [LeadViewingsController, AvailabilityController, CalendarFeedController, ViewingsController, UnitViewingWindowsController, PublicCalendarFeedController],
  providers: [ViewingsService, ViewingsRepository, ViewingBookingService, AvailabilityRepository, AvailabilityService,
    CalendarFeedService,
    {
      provide: CALENDAR_PUSH,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => (config.env.GOOGLE_CALENDAR_TOKEN ? new GoogleCalendarAdapter({ baseUrl: config.env.GOOGLE_CALENDAR_BASE_URL, calendarId: config.env.GOOGLE_CALENDAR_ID, token: config.env.GOOGLE_CALENDAR_TOKEN }) : null),
    },
  ],
  exports: [ViewingsService],
})
export class ViewingsModule {}
