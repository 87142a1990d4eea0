import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { withZodComponents } from './common/zod-docs';

export function buildOpenApi(app: INestApplication, serverUrl?: string): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Looma Hub API')
    .setDescription(
      'Public API of Looma Hub for chat-commerce platforms: catalog search, orders (asynchronous, idempotent), ' +
        'and tenant administration. Authenticate with a tenant API key (`Authorization: Bearer <key>` or ' +
        '`X-Api-Key`). Every POST accepts `Idempotency-Key`. Errors are RFC 9457 problem+json.',
    )
    .setVersion('1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Tenant API key (or the admin key for /admin)' })
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'apiKey');
  if (serverUrl) builder.addServer(serverUrl);
  return withZodComponents(SwaggerModule.createDocument(app, builder.build()));
}

export function serveOpenApi(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json', yamlDocumentUrl: 'docs/openapi.yaml' });
}
