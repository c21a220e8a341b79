import type { ServiceModuleOverrides } from '@switchboard/backend-feature-service-core';
import type { HttpServiceOptions } from '@switchboard/backend-util-observability';
import { AppModule } from './app.module';
import type { WhatsAppApiServiceConfig } from './config/whatsapp-api-service.config';

/** The service as `main.ts` starts it, and as the integration tests start it (with overrides). */
export function whatsAppApiServiceHttpOptions(
  config: WhatsAppApiServiceConfig,
  overrides: ServiceModuleOverrides = {},
): HttpServiceOptions {
  return { rootModule: AppModule.forRoot(config, overrides), port: config.PORT };
}
