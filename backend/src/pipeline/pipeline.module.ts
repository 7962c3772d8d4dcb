import { Module } from '@nestjs/common';
import { LeadRecordsModule } from '../leads/lead-records.module';
import { PipelineController } from './pipeline.controller';
import { PipelineFeed } from './pipeline-feed';

/** The pipeline board, its live feed and the stage rules' admin API (the rules themselves are applied by the leads feature, on every path). */
@Module({
  imports: [LeadRecordsModule],
  controllers: [PipelineController],
  providers: [PipelineFeed],
})
export class PipelineModule {}
