import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { AppConfig } from '../config/app-config';
import { redactPii, safeUrl, scrubString } from './pii';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** A caller's X-Request-Id when it is sane, else a new UUID. Fastify assigns it; pino-http logs it. */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        pinoHttp: [{
          level: config.env.LOG_LEVEL,
          autoLogging: config.env.LOG_REQUESTS,
          quietReqLogger: true,
          serializers: {
            // Only what an operator needs; never headers, bodies or query values.
            req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: safeUrl(req.url) }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            err: (err: Error) => redactPii(err),
          },
          formatters: {
            log: (obj: Record<string, unknown>) => redactPii(obj) as Record<string, unknown>,
          },
          hooks: {
            logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void) {
              method.apply(this, args.map((a) => (typeof a === 'string' ? scrubString(a) : a)));
            },
          },
        }, config.logStream ?? pino.destination({ dest: 1, sync: false })],
      }),
    }),
  ],
})
export class LoggingModule {}
