import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditTrail } from '../core/audit/audit-trail';
import { UserDirectoryModule } from '../users/user-directory.module';
import { AuditController } from './audit.controller';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

/** The audit log's store, writer (the AuditTrail port) and admin endpoint; the worker gets the same module (no HTTP there). */
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntryEntity]), UserDirectoryModule],
  controllers: [AuditController],
  providers: [AuditRepository, AuditService, { provide: AuditTrail, useExisting: AuditService }],
  exports: [AuditTrail, AuditService],
})
export class AuditModule {}
