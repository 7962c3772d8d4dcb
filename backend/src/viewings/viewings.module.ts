import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InventoryModule } from '../inventory/inventory.module';
import { LeadRecordsModule } from '../leads/lead-records.module';
import { LeadsModule } from '../leads/leads.module';
import { ViewingBookingService } from './viewing-booking.service';
import { ViewingEntity } from './viewing.entity';
import { AgentAvailabilityEntity, AgentTimeOffEntity, UnitViewingWindowsEntity } from './availability.entity';
import { AvailabilityController, UnitViewingWindowsController } from './availability.controller';
import { AvailabilityRepository } from './availability.repository';
import { AvailabilityService } from './availability.service';
import { LeadViewingsController, ViewingsController } from './viewings.controller';
import { ViewingsRepository } from './viewings.repository';
import { ViewingsService } from './viewings.service';

@Module({
  imports: [TypeOrmModule.forFeature([ViewingEntity, AgentAvailabilityEntity, AgentTimeOffEntity, UnitViewingWindowsEntity]), LeadRecordsModule, LeadsModule, InventoryModule],
  controllers: [LeadViewingsController, AvailabilityController, ViewingsController, UnitViewingWindowsController],
  providers: [ViewingsService, ViewingsRepository, ViewingBookingService, AvailabilityRepository, AvailabilityService],
  exports: [ViewingsService],
})
export class ViewingsModule {}
