import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Roles } from '../core/auth/auth.decorators';
import { UserRole } from '../users/user.entity';
import { AuditPageDto, ListAuditQueryDto } from './audit.dto';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Roles(UserRole.Admin)
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** The audit log, newest first, with filters (admins only). Entries are never changed or removed. */
  @Get()
  listAudit(@Query() query: ListAuditQueryDto): Promise<AuditPageDto> {
    return this.audit.list(query);
  }
}
