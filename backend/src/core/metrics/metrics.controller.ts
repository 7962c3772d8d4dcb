import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../http/domain-error';
import { Metrics } from './metrics';
import { metricsTokenMatches } from './metrics-token';

/**
 * GET /metrics in Prometheus' text format, for a scraper holding METRICS_TOKEN
 * (`Authorization: Bearer <token>`). Registered only when METRICS_TOKEN is set; otherwise the
 * path is an ordinary 404. Not part of the integrator API, so not in the OpenAPI document. Like
 * every public route it counts against RATE_LIMIT_PUBLIC per client address (a scrape every few seconds is far below).
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    if (!metricsTokenMatches(authorization, this.config.env.METRICS_TOKEN)) {
      throw new DomainError('unauthorized', 'metrics_token_required', 'Send the metrics token: Authorization: Bearer <METRICS_TOKEN>');
    }
    const { contentType, body } = await this.metrics.scrape();
    await reply.header('content-type', contentType).header('cache-control', 'no-store').send(body);
  }
}
