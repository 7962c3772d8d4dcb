import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TimelineRepository } from '../leads/timeline.repository';
import { QualificationEntity } from './qualification.entity';
import { ScoringRepository } from './scoring.repository';
import { ScoringService } from './scoring.service';

@Module({
  imports: [TypeOrmModule.forFeature([QualificationEntity])],
  providers: [ScoringService, ScoringRepository, TimelineRepository],
  exports: [ScoringService],
})
export class ScoringModule {}
