import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InventoryModule } from '../inventory/inventory.module';
import { LeadsModule } from '../leads/leads.module';
import { UserDirectoryModule } from '../users/user-directory.module';
import { ImportJobEntity } from './import-job.entity';
import { ImportMappingEntity } from './import-mapping.entity';
import { ImportRejectionEntity } from './import-rejection.entity';
import { ImportsController } from './imports.controller';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';

/** CSV imports: upload and mapping (API), the run itself (worker, ImportsProcessor). */
@Module({
  imports: [TypeOrmModule.forFeature([ImportJobEntity, ImportRejectionEntity, ImportMappingEntity]), LeadsModule, UserDirectoryModule, InventoryModule],
  controllers: [ImportsController],
  providers: [ImportsService, ImportsRepository],
  exports: [ImportsService],
})
export class ImportsModule {}
