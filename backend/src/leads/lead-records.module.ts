import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityEntity } from './activity.entity';
import { ContactEntity } from './contact.entity';
import { DuplicateCandidateEntity } from './duplicate-candidate.entity';
import { DuplicateDetectorService } from './duplicate-detector.service';
import { LeadProfileEntity } from './lead-profile.entity';
import { LeadEntity } from './lead.entity';
import { LeadRecordsService } from './lead-records.service';
import { LeadsRepository } from './leads.repository';
import { LeadBoardService } from './lead-board.service';
import { LeadRoutingService } from './lead-routing.service';
import { RoutingRuleEntity } from './routing-rule.entity';
import { RoutingRepository } from './routing.repository';
import { StageMoves } from './stage-moves';
import { StageRulesService } from './stage-rules.service';
import { StageRuleEntity } from './stage-rule.entity';
import { StageRulesRepository } from './stage-rules.repository';
import { TaskEntity } from './task.entity';
import { TimelineRepository } from './timeline.repository';

/**
 * The leads feature's records and their one set of writers, below every feature that changes a
 * lead (scoring, viewings, the agent, and the leads module itself), so none of them needs the leads
 * module and no cycle forms. Other features use `LeadRecordsService`; the repositories are
 * exported for the leads module's own service only. The leads feature's entities are registered
 * here, beside the repositories that write them.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ContactEntity, LeadEntity, LeadProfileEntity, ActivityEntity, TaskEntity, DuplicateCandidateEntity, StageRuleEntity, RoutingRuleEntity])],
  providers: [LeadsRepository, TimelineRepository, LeadRecordsService, DuplicateDetectorService, StageRulesRepository, StageMoves, StageRulesService, LeadBoardService, RoutingRepository, LeadRoutingService],
  exports: [LeadRecordsService, LeadsRepository, TimelineRepository, DuplicateDetectorService, StageRulesRepository, StageMoves, StageRulesService, LeadBoardService, RoutingRepository, LeadRoutingService],
})
export class LeadRecordsModule {}
