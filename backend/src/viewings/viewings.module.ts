import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TimelineRepository } from '../leads/timeline.repository';
import { ViewingEntity } from './viewing.entity';
import { ViewingsRepository } from './viewings.repository';
import { ViewingsService } from './viewings.service';

@Module({
  imports: [TypeOrmModule.forFeature([ViewingEntity])],
  providers: [ViewingsService, ViewingsRepository, TimelineRepository],
  exports: [ViewingsService],
})
export class ViewingsModule {}
