import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LeadRecordsModule } from '../leads/lead-records.module';
import { QualificationEntity } from './qualification.entity';
import { ScoringRepository } from './scoring.repository';
import { ScoringService } from './scoring.service';

@Module({
  imports: [TypeOrmModule.forFeature([QualificationEntity]), LeadRecordsModule],
  providers: [ScoringService, ScoringRepository],
  exports: [ScoringService],
})
export class ScoringModule {}
