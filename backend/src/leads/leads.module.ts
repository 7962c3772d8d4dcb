import { Module } from '@nestjs/common';
import { ScoringModule } from '../scoring/scoring.module';
import { UserDirectoryModule } from '../users/user-directory.module';
import { DuplicatesController } from './duplicates.controller';
import { LeadRecordsModule } from './lead-records.module';
import { LeadsController } from './leads.controller';
import { LeadsService } from './leads.service';
import { TasksController } from './tasks.controller';

@Module({
  imports: [LeadRecordsModule, UserDirectoryModule, ScoringModule],
  controllers: [LeadsController, TasksController, DuplicatesController],
  providers: [LeadsService],
  exports: [LeadsService],
})
export class LeadsModule {}
