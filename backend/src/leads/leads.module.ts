import { Module } from '@nestjs/common';
import { UserDirectoryModule } from '../users/user-directory.module';
import { DuplicatesController } from './duplicates.controller';
import { LeadRecordsModule } from './lead-records.module';
import { LeadsController } from './leads.controller';
import { LeadExportService } from './lead-export.service';
import { LeadImportService } from './lead-import.service';
import { LeadsService } from './leads.service';
import { TasksController } from './tasks.controller';

@Module({
  // Scoring comes through the LeadScoring port (LeadScoringModule.forRoot in the app and worker).
  imports: [LeadRecordsModule, UserDirectoryModule],
  controllers: [LeadsController, TasksController, DuplicatesController],
  providers: [LeadsService, LeadExportService, LeadImportService],
  exports: [LeadsService, LeadImportService],
})
export class LeadsModule {}
