import type { INestApplication } from '@nestjs/common';
import type { HttpServiceOptions } from '@switchboard/backend-util-observability';
import type { Server } from 'node:http';
import { AppModule, type AppModuleOptions } from './app.module';
import type { ApiGatewayConfig } from './config/api-gateway.config';
import { applyEdgeSecurity } from './security/edge-security.util';

/**
 * Idle keep-alive connections from the ingress stay open longer than the ingress keeps them
 * (nginx: 60 s), so that it never sends a request on a connection the gateway is closing.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

function tuneServer(app: INestApplication): void {
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
}

/** How the gateway's HTTP service is created, in main.ts and in the tests alike. */
export function gatewayServiceOptions(
  config: ApiGatewayConfig,
  options: AppModuleOptions = {},
): HttpServiceOptions {
  return {
    rootModule: AppModule.forRoot(config, options),
    port: config.PORT,
    // Bodies are streamed to the services untouched: never parsed, never re-serialised.
    bodyParser: false,
    configure: (app) => {
      tuneServer(app);
      applyEdgeSecurity(app, config);
    },
  };
}
