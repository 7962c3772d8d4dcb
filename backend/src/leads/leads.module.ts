import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ScoringModule } from '../scoring/scoring.module';
import { UserDirectoryModule } from '../users/user-directory.module';
import { ActivityEntity } from './activity.entity';
import { ContactEntity } from './contact.entity';
import { LeadProfileEntity } from './lead-profile.entity';
import { LeadEntity } from './lead.entity';
import { LeadsController } from './leads.controller';
import { LeadsRepository } from './leads.repository';
import { LeadsService } from './leads.service';
import { TaskEntity } from './task.entity';
import { TimelineRepository } from './timeline.repository';

@Module({
  imports: [TypeOrmModule.forFeature([ContactEntity, LeadEntity, LeadProfileEntity, ActivityEntity, TaskEntity]), UserDirectoryModule, ScoringModule],
  controllers: [LeadsController],
  providers: [LeadsService, LeadsRepository, TimelineRepository],
  exports: [LeadsService],
})
export class LeadsModule {}
