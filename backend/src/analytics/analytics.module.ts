import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsEventEntity, AnalyticsLeadFactsEntity, AnalyticsRefreshEntity, AnalyticsScoreMoveEntity } from './analytics-facts.entity';
import { AnalyticsRepository } from './analytics.repository';
import { AnalyticsService } from './analytics.service';
import { SourceCostEntity } from './source-cost.entity';

/**
 * Analytics: the figures behind the Analytics page and `GET /api/analytics/...`, read from
 * summaries the `refresh-analytics` job keeps current (the worker registers AnalyticsProcessor).
 * A read model: it reads other features' tables in SQL and writes only its own.
 */
@Module({
  imports: [TypeOrmModule.forFeature([AnalyticsLeadFactsEntity, AnalyticsEventEntity, AnalyticsScoreMoveEntity, AnalyticsRefreshEntity, SourceCostEntity])],
  controllers: [AnalyticsController],
  providers: [AnalyticsRepository, AnalyticsService],
  exports: [AnalyticsService],
})
export class AnalyticsModule {}
