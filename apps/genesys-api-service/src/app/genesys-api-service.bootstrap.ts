import type { HttpServiceOptions } from '@switchboard/backend-util-observability';
import { AppModule, type AppModuleOverrides } from './app.module';
import type { GenesysApiServiceConfig } from './config/genesys-api-service.config';

/** The service as `main.ts` starts it, and as the integration tests start it (with overrides). */
export function genesysApiServiceHttpOptions(
  config: GenesysApiServiceConfig,
  overrides: AppModuleOverrides = {},
): HttpServiceOptions {
  return { rootModule: AppModule.forRoot(config, overrides), port: config.PORT };
}
