import { Module } from '@nestjs/common';
import { TimelineRepository } from '../leads/timeline.repository';
import { ViewingsRepository } from './viewings.repository';
import { ViewingsService } from './viewings.service';

@Module({
  providers: [ViewingsService, ViewingsRepository, TimelineRepository],
  exports: [ViewingsService],
})
export class ViewingsModule {}
