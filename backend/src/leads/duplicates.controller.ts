import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Roles } from '../core/auth/auth.decorators';
import { UserRole } from '../users/user.entity';
import { DuplicatePageDto, ListDuplicatesQueryDto } from './duplicates.dto';
import { LeadsService } from './leads.service';

@ApiTags('duplicates')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Roles(UserRole.Admin)
@Controller('duplicates')
export class DuplicatesController {
  constructor(private readonly leads: LeadsService) {}

  /**
   * Contacts that may be the same person but were kept apart, because whoever brought in the
   * second one could not see the first (admins only), newest first.
   */
  @Get()
  listDuplicates(@Query() query: ListDuplicatesQueryDto): Promise<DuplicatePageDto> {
    return this.leads.listDuplicates(query);
  }
}
