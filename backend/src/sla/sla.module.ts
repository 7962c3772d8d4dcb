import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LeadRecordsModule } from '../leads/lead-records.module';
import { BusinessHoursEntity } from './business-hours.entity';
import { SlaAlertEntity } from './sla-alert.entity';
import { SlaController } from './sla.controller';
import { SlaRepository } from './sla.repository';
import { SlaRuleEntity } from './sla-rule.entity';
import { SlaService } from './sla.service';

/** SLA timers per stage (issue 16 point 3): the rules and business hours admins set, and the timers' jobs. */
@Module({
  imports: [TypeOrmModule.forFeature([SlaRuleEntity, BusinessHoursEntity, SlaAlertEntity]), LeadRecordsModule],
  controllers: [SlaController],
  providers: [SlaService, SlaRepository],
  exports: [SlaService],
})
export class SlaModule {}
