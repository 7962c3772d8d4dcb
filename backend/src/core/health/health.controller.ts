import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';
import { DomainError } from '../http/domain-error';
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

  // A process answering 503 here answers 503 to requests that need the database too, and recovers by itself once it is back.
  /** 200 when the database answers within 1.5 s; 503 `database_unavailable` (what failed in `details`) otherwise. For load balancers and compose. */
  @Get('health')
  @HealthCheck()
  async getHealth(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.db.pingCheck('database', { timeout: 1500 })]);
    } catch (e) {
      if (!(e instanceof ServiceUnavailableException)) throw e;
      const details = (e.getResponse() as { details?: unknown }).details;
      throw new DomainError('unavailable', 'database_unavailable', 'The database is not answering; try again shortly', details);
    }
  }
}
