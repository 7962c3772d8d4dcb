import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LeadRecordsModule } from '../leads/lead-records.module';
import { ViewingEntity } from './viewing.entity';
import { ViewingsController } from './viewings.controller';
import { ViewingsRepository } from './viewings.repository';
import { ViewingsService } from './viewings.service';

@Module({
  imports: [TypeOrmModule.forFeature([ViewingEntity]), LeadRecordsModule],
  controllers: [ViewingsController],
  providers: [ViewingsService, ViewingsRepository],
  exports: [ViewingsService],
})
export class ViewingsModule {}
