import type { HttpServiceOptions } from '@switchboard/backend-util-observability';
import { AppModule, type AppModuleOverrides } from './app.module';
import type { OutboundTransformerConfig } from './config/outbound-transformer.config';

/** The service as `main.ts` starts it, and as the integration tests start it (with overrides). */
export function outboundTransformerHttpOptions(
  config: OutboundTransformerConfig,
  overrides: AppModuleOverrides = {},
): HttpServiceOptions {
  return { rootModule: AppModule.forRoot(config, overrides), port: config.PORT };
}
