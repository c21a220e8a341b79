import type { ServiceModuleOverrides } from '@switchboard/backend-feature-service-core';
import { publishOpenApi } from '@switchboard/backend-util-auth';
import type { HttpServiceOptions } from '@switchboard/backend-util-observability';
import { AppModule } from './app.module';
import type { TenantServiceConfig } from './config/tenant-service.config';

/** The service as `main.ts` starts it, and as the integration tests start it (with overrides). */
export function tenantServiceHttpOptions(
  config: TenantServiceConfig,
  overrides: ServiceModuleOverrides = {},
): HttpServiceOptions {
  return {
    rootModule: AppModule.forRoot(config, overrides),
    port: config.PORT,
    configure: (app) => {
      publishOpenApi(
        app,
        'tenant-service',
        'Tenants, WhatsApp numbers, Genesys integrations, API keys, audit log, onboarding and pipeline lookups',
      );
    },
  };
}
