import type { ServiceModuleOverrides } from '@switchboard/backend-feature-service-core';
import type { HttpServiceOptions } from '@switchboard/backend-util-observability';
import { AppModule } from './app.module';
import type { InboundTransformerConfig } from './config/inbound-transformer.config';

/** The service as `main.ts` starts it, and as the integration tests start it (with overrides). */
export function inboundTransformerHttpOptions(
  config: InboundTransformerConfig,
  overrides: ServiceModuleOverrides = {},
): HttpServiceOptions {
  return { rootModule: AppModule.forRoot(config, overrides), port: config.PORT };
}
