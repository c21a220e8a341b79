import type { NestExpressApplication } from '@nestjs/platform-express';
import type { HttpServiceOptions } from '@switchboard/backend-util-observability';
import { AppModule, type AppModuleOverrides } from './app.module';
import type { GenesysWebhookConfig } from './config/genesys-webhook.config';
import { bodyParserErrorHandler } from './webhook/body-parser-errors.util';
import { GENESYS_WEBHOOK_PATH } from './webhook/webhook.constants';
import { WebhookMetrics } from './webhook/webhook.metrics';

/** The service as `main.ts` starts it, and as the integration tests start it (with overrides). */
export function genesysWebhookServiceHttpOptions(
  config: GenesysWebhookConfig,
  overrides: AppModuleOverrides = {},
): HttpServiceOptions {
  return {
    rootModule: AppModule.forRoot(config, overrides),
    port: config.PORT,
    rawBody: true,
    configure: (nestApp) => {
      const app = nestApp as NestExpressApplication;
      // Every body is read as bytes, whatever its Content-Type, and kept on req.rawBody: the
      // signature is checked on exactly those bytes before any JSON parsing. Nest's own JSON
      // parser, registered later, then finds the body already read.
      app.useBodyParser('raw', { type: () => true, limit: config.MAX_BODY_BYTES });
      const metrics = app.get(WebhookMetrics);
      app.use(
        bodyParserErrorHandler(config.MAX_BODY_BYTES, (outcome, request) => {
          if (request.path.startsWith(`/${GENESYS_WEBHOOK_PATH}/`)) metrics.refusedBody(outcome);
        }),
      );
    },
  };
}
