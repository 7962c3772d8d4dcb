import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export const API_VERSION = '0.1.0';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Openhouse API')
    .setDescription(
      'REST API of Openhouse, the open-source CRM for real-estate brokerages. Authenticate with a Bearer token from ' +
        '`POST /api/auth/login` or an integrator key in `X-API-Key`. Errors are JSON `{statusCode, error, message, code?, details?}`.',
    )
    .setVersion(API_VERSION)
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
    .build();
  return SwaggerModule.createDocument(app, config, {
    // Client functions read like the controller: `listLeads`, `getLead`, ...
    operationIdFactory: (_controllerKey: string, methodKey: string) => methodKey,
  });
}

/** Recursively sorts object keys so the committed spec only changes when the API does. */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => sortKeys(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out as T;
  }
  return value;
}
