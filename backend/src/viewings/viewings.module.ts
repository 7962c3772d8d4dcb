import { Module } from '@nestjs/common';
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
  providers: [ViewingsService, ViewingsRepository, ViewingBookingService, AvailabilityRepository, AvailabilityService, CalendarFeedService],
  exports: [ViewingsService],
})
export class ViewingsModule {}
