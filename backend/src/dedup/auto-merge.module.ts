import { Global, Module } from '@nestjs/common';
import { DuplicateAutoMerger } from '../leads/duplicate-auto-merger';
import { AutoMergeService } from './auto-merge.service';
import { DedupModule } from './dedup.module';

/**
 * The dedup feature's implementation of core's `DuplicateAutoMerger` port, global so the leads
 * feature (below dedup in the module graph) reaches it without importing dedup.
 */
@Global()
@Module({
  imports: [DedupModule],
  providers: [AutoMergeService, { provide: DuplicateAutoMerger, useExisting: AutoMergeService }],
  exports: [DuplicateAutoMerger],
})
export class AutoMergeModule {}
