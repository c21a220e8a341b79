import { Controller, Get, INestApplication, Injectable, NotFoundException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { API_KEY_HEADER } from './auth.constants';
import { ServiceOnly } from './auth.decorators';

/** The service's OpenAPI document, built once at start. */
@Injectable()
export class OpenApiDocument {
  document: OpenAPIObject | undefined;
}

/**
 * Serves the document to api-gateway only, which publishes every service's document together
 * to signed-in users. (SwaggerModule.setup would serve it outside the guards, to anyone.)
 */
@ApiExcludeController()
@Controller('internal/openapi.json')
export class OpenApiController {
  constructor(private readonly holder: OpenApiDocument) {}

  @Get()
  @ServiceOnly('api-gateway')
  get(): OpenAPIObject {
    if (!this.holder.document) throw new NotFoundException('no OpenAPI document');
    return this.holder.document;
  }
}

/** Builds the service's OpenAPI document from its controllers and DTOs. Call in `configure`. */
export function publishOpenApi(app: INestApplication, title: string, description: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(title)
    .setDescription(description)
    .setVersion('1')
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', in: 'header', name: API_KEY_HEADER }, 'api-key')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  app.get(OpenApiDocument).document = document;
  return document;
}
