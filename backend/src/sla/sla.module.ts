import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LeadRecordsModule } from '../leads/lead-records.module';
import { STAGE_CLOCK } from '../leads/stage-clock';
import { BusinessHoursEntity } from './business-hours.entity';
import { SlaAlertEntity } from './sla-alert.entity';
import { SlaController } from './sla.controller';
import { SlaClock } from './sla-clock';
import { SlaRepository } from './sla.repository';
import { SlaRuleEntity } from './sla-rule.entity';
import { SlaService } from './sla.service';

/** SLA timers per stage (issue 16 point 3): the rules and business hours admins set, and the timers' jobs. */
@Module({
  imports: [TypeOrmModule.forFeature([SlaRuleEntity, BusinessHoursEntity, SlaAlertEntity]), LeadRecordsModule],
  controllers: [SlaController],
  // SlaClock is the leads feature's StageClock port (bound by StageClockModule.forRoot).
  providers: [SlaService, SlaRepository, SlaClock, { provide: STAGE_CLOCK, useExisting: SlaClock }],
  exports: [SlaService, STAGE_CLOCK],
})
export class SlaModule {}
