import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { isDatabaseUnavailable } from '../database/database-unavailable';
import { DomainError, DomainErrorKind } from './domain-error';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code?: string;
  details?: unknown;
}

const KIND_STATUS: Record<DomainErrorKind, number> = {
  not_found: HttpStatus.NOT_FOUND,
  invalid: HttpStatus.BAD_REQUEST,
  conflict: HttpStatus.CONFLICT,
  forbidden: HttpStatus.FORBIDDEN,
  unauthorized: HttpStatus.UNAUTHORIZED,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  unsupported_media: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  rate_limited: HttpStatus.TOO_MANY_REQUESTS,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
};

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Maps anything thrown to `{statusCode, error, message, code?, details?}`; never a stack trace. */
export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof DomainError) {
    const statusCode = KIND_STATUS[exception.kind];
    return { statusCode, error: REASON[statusCode], message: exception.message, code: exception.code, details: exception.details };
  }
  if (exception instanceof HttpException) {
    const statusCode = exception.getStatus();
    const res = exception.getResponse();
    const body = typeof res === 'object' && res !== null ? (res as Record<string, unknown>) : {};
    const message = typeof res === 'string' ? res : typeof body.message === 'string' ? body.message : exception.message;
    return {
      statusCode,
      error: REASON[statusCode] ?? (typeof body.error === 'string' ? body.error : 'Error'),
      message,
      ...(typeof body.code === 'string' ? { code: body.code } : {}),
      ...(body.details !== undefined ? { details: body.details } : {}),
    };
  }
  // Fastify's own errors (body too large, bad JSON, wrong content type) carry a statusCode.
  const e = exception as { statusCode?: unknown; message?: unknown; code?: unknown };
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return {
      statusCode: e.statusCode,
      error: REASON[e.statusCode] ?? 'Error',
      message: typeof e.message === 'string' ? e.message : 'Bad request',
      ...(typeof e.code === 'string' ? { code: e.code } : {}),
    };
  }
  // PostgreSQL down or restarting: the request may be retried once it is back, so say so (503), not 500.
  if (isDatabaseUnavailable(exception)) {
    return { statusCode: 503, error: REASON[503], message: 'The database is not reachable right now; try again shortly', code: 'database_unavailable' };
  }
  return { statusCode: 500, error: REASON[500], message: 'Internal server error' };
}

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = toErrorBody(exception);
    const retryAfter = (body.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (body.statusCode === 429 && typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    if (body.code === 'database_unavailable') void reply.header('retry-after', '5');
    if (body.code === 'database_unavailable') this.logger.warn(`Database unavailable: ${exception instanceof Error ? exception.message : String(exception)}`);
    else if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception : String(exception));
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
