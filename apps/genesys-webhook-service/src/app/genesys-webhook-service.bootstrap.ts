import type { ServiceModuleOverrides } from '@switchboard/backend-feature-service-core';
import { acceptRawBodies, type HttpServiceOptions } from '@switchboard/backend-util-observability';
import { AppModule } from './app.module';
import type { GenesysWebhookConfig } from './config/genesys-webhook.config';
import { GENESYS_WEBHOOK_PATH } from './webhook/webhook.constants';
import { WebhookMetrics } from './webhook/webhook.metrics';

/** The service as `main.ts` starts it, and as the integration tests start it (with overrides). */
export function genesysWebhookServiceHttpOptions(
  config: GenesysWebhookConfig,
  overrides: ServiceModuleOverrides = {},
): HttpServiceOptions {
  return {
    rootModule: AppModule.forRoot(config, overrides),
    port: config.PORT,
    rawBody: true,
    configure: (nestApp) => {
      const metrics = nestApp.get(WebhookMetrics);
      acceptRawBodies(nestApp, {
        maxBodyBytes: config.MAX_BODY_BYTES,
        onRefused: (outcome, request) => {
          if (request.path.startsWith(`/${GENESYS_WEBHOOK_PATH}/`)) metrics.refusedBody(outcome);
        },
      });
    },
  };
}
