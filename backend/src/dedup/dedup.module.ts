import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LeadRecordsModule } from '../leads/lead-records.module';
import { ScoringModule } from '../scoring/scoring.module';
import { DuplicatesQueries } from './duplicates.queries';
import { LeadMergeEntity } from './lead-merge.entity';
import { MergesController } from './merges.controller';
import { MergesRepository } from './merges.repository';
import { MergesService } from './merges.service';
import { LeadRowMoves } from './lead-row-moves';

/** Merging leads of one person and undoing it; detection itself lives with the leads (DuplicateDetectorService). */
@Module({
  imports: [TypeOrmModule.forFeature([LeadMergeEntity]), DiscoveryModule, LeadRecordsModule, ScoringModule],
  controllers: [MergesController],
  providers: [MergesService, MergesRepository, DuplicatesQueries, LeadRowMoves],
  exports: [MergesService],
})
export class DedupModule {}
