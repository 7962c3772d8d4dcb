import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LeadRecordsModule } from '../leads/lead-records.module';
import { LEAD_SCORING } from '../leads/lead-scoring';
import { QualificationEntity } from './qualification.entity';
import { ScoringRepository } from './scoring.repository';
import { ScoringService } from './scoring.service';

@Module({
  imports: [TypeOrmModule.forFeature([QualificationEntity]), LeadRecordsModule],
  // ScoringService is also the leads feature's LeadScoring port (bound by LeadScoringModule.forRoot).
  providers: [ScoringService, ScoringRepository, { provide: LEAD_SCORING, useExisting: ScoringService }],
  exports: [ScoringService, LEAD_SCORING],
})
export class ScoringModule {}
