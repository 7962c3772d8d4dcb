import { Module } from '@nestjs/common';
import { LeadRecordsService } from './lead-records.service';
import { LeadsRepository } from './leads.repository';
import { TimelineRepository } from './timeline.repository';

/**
 * The leads feature's records and their one set of writers, below every feature that changes a
 * lead (scoring, viewings, the agent, and the leads module itself), so none of them needs the leads
 * module and no cycle forms. Other features use `LeadRecordsService`; the repositories are
 * exported for the leads module's own service only.
 */
@Module({
  providers: [LeadsRepository, TimelineRepository, LeadRecordsService],
  exports: [LeadRecordsService, LeadsRepository, TimelineRepository],
})
export class LeadRecordsModule {}
