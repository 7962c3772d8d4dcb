import { Module } from '@nestjs/common';
import { AuthModule } from '../core/auth/auth.module';
import { InventoryModule } from '../inventory/inventory.module';
import { ScoringModule } from '../scoring/scoring.module';
import { DuplicatesController } from './duplicates.controller';
import { LeadsController } from './leads.controller';
import { LeadsRepository } from './leads.repository';
import { LeadsService } from './leads.service';
import { TasksController } from './tasks.controller';
import { TimelineRepository } from './timeline.repository';

@Module({
  imports: [AuthModule, ScoringModule, InventoryModule],
  controllers: [LeadsController, TasksController, DuplicatesController],
  providers: [LeadsService, LeadsRepository, TimelineRepository],
  exports: [LeadsService],
})
export class LeadsModule {}
