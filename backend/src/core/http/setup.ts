import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { AppConfig } from '../config/app-config';
import { observeHttpLatency } from '../metrics/http-metrics';
import { Metrics } from '../metrics/metrics';
import { HttpExceptionFilter } from './http-exception.filter';
import { appContentSecurityPolicy, DOCS_CONTENT_SECURITY_POLICY, isDocsPath } from './csp';
import { buildOpenApiDocument } from './openapi';
import { refuseUnstorableText } from './storable-text';
import { trackRequestOrigin } from './request-context';
import { refuseUnexpectedUploads } from './uploads';

function flatten(errors: ValidationError[], parent = ''): { field: string; errors: string[] }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, errors: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  validationError: { target: false, value: false },
  exceptionFactory: (errors) => {
    const details = flatten(errors);
    return new BadRequestException({
      message: `Invalid request: ${details.map((d) => d.errors.join(', ')).join('; ')}`,
      code: 'validation_failed',
      details,
    });
  },
});

/** Everything the HTTP app needs besides its modules; used by main.api.ts and the e2e tests alike. */
export async function configureHttpApp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  // /metrics sits at the root, where scrapers look for it (core/metrics).
  app.setGlobalPrefix('api', { exclude: ['metrics'] });
  // JSON bodies are parsed as usual, except on routes marked @RouteConfig({ rawBody: true })
  // (signed webhooks): those get the exact bytes, because the signature covers the bytes and any
  // re-serialisation would change them. Same size limit for both.
  const fastify = app.getHttpAdapter().getInstance();
  observeHttpLatency(fastify, app.get(Metrics));
  trackRequestOrigin(fastify);
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit: config.env.BODY_LIMIT }, (req, body, done) => {
    if ((req.routeOptions.config as { rawBody?: boolean } | undefined)?.rawBody === true) return done(null, body);
    void parseJson(req as Parameters<typeof parseJson>[0], body as unknown as string, done);
  });
  app.useGlobalPipes(validationPipe);
  app.useGlobalFilters(new HttpExceptionFilter());
  // The website chat widget is called from the brokerage's own sites (any origin; the site key and
  // the visitor token are its checks, never a cookie). Everything else: the configured origins.
  const widgetCors = { origin: '*', methods: ['GET', 'POST'], credentials: false, maxAge: 600 };
  const appCors = { origin: config.corsOrigins, credentials: false, maxAge: 600 };
  app.enableCors({ delegator: (req, cb) => cb(null, req.url?.startsWith('/api/public/widget/') ? widgetCors : appCors) });
  // Helmet's other headers as they are; the CSP is set below, per path.
  await app.register(helmet, { contentSecurityPolicy: false });
  // Uploads (listing photos): one file per request, read by the route that wants it.
  await app.register(multipart, { limits: { fileSize: config.env.PHOTO_MAX_BYTES, files: 1, fields: 10, parts: 11 } });
  const appCsp = appContentSecurityPolicy();
  fastify.addHook('onRequest', (req, reply, done) => {
    void reply.header('x-request-id', req.id);
    // serveSpa sets the SPA's policy (with its inline scripts' hashes) on index.html.
    void reply.header('content-security-policy', isDocsPath(req.url) ? DOCS_CONTENT_SECURITY_POLICY : appCsp);
    done();
  });
  refuseUnstorableText(fastify);
  refuseUnexpectedUploads(fastify);
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
}
