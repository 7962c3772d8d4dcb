import { Module } from '@nestjs/common';
import { LeadRecordsModule } from '../leads/lead-records.module';
import { ViewingsRepository } from './viewings.repository';
import { ViewingsService } from './viewings.service';

@Module({
  imports: [LeadRecordsModule],
  providers: [ViewingsService, ViewingsRepository],
  exports: [ViewingsService],
})
export class ViewingsModule {}
