import type { HttpServiceOptions } from '@switchboard/backend-util-observability';
import { AppModule, type AppModuleOverrides } from './app.module';
import type { WhatsAppApiServiceConfig } from './config/whatsapp-api-service.config';

/** The service as `main.ts` starts it, and as the integration tests start it (with overrides). */
export function whatsAppApiServiceHttpOptions(
  config: WhatsAppApiServiceConfig,
  overrides: AppModuleOverrides = {},
): HttpServiceOptions {
  return { rootModule: AppModule.forRoot(config, overrides), port: config.PORT };
}
