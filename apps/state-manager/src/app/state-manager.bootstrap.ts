import type { ServiceModuleOverrides } from '@switchboard/backend-feature-service-core';
import { publishOpenApi } from '@switchboard/backend-util-auth';
import type { HttpServiceOptions } from '@switchboard/backend-util-observability';
import { AppModule } from './app.module';
import type { StateManagerConfig } from './config/state-manager.config';

/** The service as `main.ts` starts it, and as the integration tests start it (with overrides). */
export function stateManagerHttpOptions(
  config: StateManagerConfig,
  overrides: ServiceModuleOverrides = {},
): HttpServiceOptions {
  return {
    rootModule: AppModule.forRoot(config, overrides),
    port: config.PORT,
    configure: (app) => {
      publishOpenApi(
        app,
        'state-manager',
        'Conversation mappings and message tracking of every tenant (internal: service tokens only)',
      );
    },
  };
}
