import { Module } from '@nestjs/common';
import { LeadRecordsModule } from '../leads/lead-records.module';
import { ScoringRepository } from './scoring.repository';
import { ScoringService } from './scoring.service';

@Module({
  imports: [LeadRecordsModule],
  providers: [ScoringService, ScoringRepository],
  exports: [ScoringService],
})
export class ScoringModule {}
