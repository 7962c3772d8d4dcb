import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ScoringModule } from '../scoring/scoring.module';
import { UserDirectoryModule } from '../users/user-directory.module';
import { ActivityEntity } from './activity.entity';
import { ContactEntity } from './contact.entity';
import { DuplicateCandidateEntity } from './duplicate-candidate.entity';
import { DuplicatesController } from './duplicates.controller';
import { LeadProfileEntity } from './lead-profile.entity';
import { LeadEntity } from './lead.entity';
import { LeadsController } from './leads.controller';
import { LeadsRepository } from './leads.repository';
import { LeadsService } from './leads.service';
import { TaskEntity } from './task.entity';
import { TasksController } from './tasks.controller';
import { TimelineRepository } from './timeline.repository';

@Module({
  imports: [TypeOrmModule.forFeature([ContactEntity, LeadEntity, LeadProfileEntity, ActivityEntity, TaskEntity, DuplicateCandidateEntity]), UserDirectoryModule, ScoringModule],
  controllers: [LeadsController, TasksController, DuplicatesController],
  providers: [LeadsService, LeadsRepository, TimelineRepository],
  exports: [LeadsService],
})
export class LeadsModule {}
