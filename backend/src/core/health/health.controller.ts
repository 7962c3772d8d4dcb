import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';
import { API_VERSION } from '../http/openapi';

export class ServiceInfoDto {
  name: string;
  version: string;
  /** Where the interactive API documentation lives. */
  docs: string;
  openapi: string;
}

@ApiTags('service')
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
  ) {}

  /** What this service is and where its documentation lives. */
  @Get()
  getServiceInfo(): ServiceInfoDto {
    return { name: 'openhouse', version: API_VERSION, docs: '/docs', openapi: '/docs-json' };
  }

  /** 200 when the database answers within 1.5 s; 503 otherwise. For load balancers and compose. */
  @Get('health')
  @HealthCheck()
  getHealth(): Promise<HealthCheckResult> {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 1500 })]);
  }
}
