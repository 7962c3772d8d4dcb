import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InventoryModule } from '../inventory/inventory.module';
import { LeadRecordsModule } from '../leads/lead-records.module';
import { LeadsModule } from '../leads/leads.module';
import { ViewingBookingService } from './viewing-booking.service';
import { ViewingEntity } from './viewing.entity';
import { LeadViewingsController, ViewingsController } from './viewings.controller';
import { ViewingsRepository } from './viewings.repository';
import { ViewingsService } from './viewings.service';

@Module({
  imports: [TypeOrmModule.forFeature([ViewingEntity]), LeadRecordsModule, LeadsModule, InventoryModule],
  controllers: [LeadViewingsController, ViewingsController],
  providers: [ViewingsService, ViewingsRepository, ViewingBookingService],
  exports: [ViewingsService],
})
export class ViewingsModule {}
