import { Module } from '@nestjs/common';
import { AuthModule } from '../core/auth/auth.module';
import { InventoryModule } from '../inventory/inventory.module';
import { ScoringModule } from '../scoring/scoring.module';
import { LeadRecordsModule } from './lead-records.module';
import { LeadsController } from './leads.controller';
import { LeadsService } from './leads.service';
import { TasksController } from './tasks.controller';

@Module({
  imports: [LeadRecordsModule, AuthModule, ScoringModule, InventoryModule],
  controllers: [LeadsController, TasksController],
  providers: [LeadsService],
  exports: [LeadsService],
})
export class LeadsModule {}
