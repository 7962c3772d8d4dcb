import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../core/auth/auth-user';
import { CurrentUser, Roles } from '../core/auth/auth.decorators';
import { UserRole } from '../users/user.entity';
import { ReplaceSlaSettingsDto, SlaSettingsDto } from './sla.dto';
import { SlaService } from './sla.service';

@ApiTags('pipeline')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('pipeline/sla')
export class SlaController {
  constructor(private readonly sla: SlaService) {}

  /** The SLA timers per stage and the team's business hours they count in (admins only). */
  @Get()
  @Roles(UserRole.Admin)
  getSlaSettings(): Promise<SlaSettingsDto> {
    return this.sla.settings();
  }

  /** Replaces the business hours and the SLA rules (admins only); settings that make no sense answer 400 saying why. Running timers are recomputed. */
  @Put()
  @Roles(UserRole.Admin)
  replaceSlaSettings(@Body() dto: ReplaceSlaSettingsDto, @CurrentUser() user: AuthUser): Promise<SlaSettingsDto> {
    return this.sla.replace(dto, user);
  }
}
