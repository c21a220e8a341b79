import type { ServiceModuleOverrides } from '@switchboard/backend-feature-service-core';
import type { HttpServiceOptions } from '@switchboard/backend-util-observability';
import { AppModule } from './app.module';
import type { GenesysApiServiceConfig } from './config/genesys-api-service.config';

/** The service as `main.ts` starts it, and as the integration tests start it (with overrides). */
export function genesysApiServiceHttpOptions(
  config: GenesysApiServiceConfig,
  overrides: ServiceModuleOverrides = {},
): HttpServiceOptions {
  return { rootModule: AppModule.forRoot(config, overrides), port: config.PORT };
}
