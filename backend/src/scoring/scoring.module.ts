import { Module } from '@nestjs/common';
import { TimelineRepository } from '../leads/timeline.repository';
import { ScoringRepository } from './scoring.repository';
import { ScoringService } from './scoring.service';

@Module({
  providers: [ScoringService, ScoringRepository, TimelineRepository],
  exports: [ScoringService],
})
export class ScoringModule {}
