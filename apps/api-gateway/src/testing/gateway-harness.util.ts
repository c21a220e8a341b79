import type { INestApplication } from '@nestjs/common';
import { TEST_REDIS_URL, uniqueKeyPrefix } from '@switchboard/backend-testing-infra';
import { waitForRedis } from '@switchboard/backend-data-access-persistence';
import { createHttpService } from '@switchboard/backend-util-observability';
import Redis from 'ioredis';
import type { AddressInfo } from 'node:net';
import { register } from 'prom-client';
import { loadApiGatewayConfig, type ApiGatewayConfig } from '../app/config/api-gateway.config';
import { gatewayServiceOptions } from '../app/gateway-service.options';
import { GATEWAY_CLIENT_SECRET } from './fake-platform.util';

export interface TestGateway {
  readonly url: string;
  readonly app: INestApplication;
  readonly config: ApiGatewayConfig;
  close(): Promise<void>;
}

export interface GatewayEnvironment {
  readonly authServiceUrl: string;
  readonly tenantServiceUrl: string;
  /** route=url,... */
  readonly upstreamUrls: string;
  /** Shared by gateways that must share their rate limits; a fresh one per call otherwise. */
  readonly redisKeyPrefix?: string;
  readonly env?: Record<string, string>;
  /** Captures the log lines (at LOG_LEVEL, `silent` unless set in `env`). */
  readonly logDestination?: NodeJS.WritableStream;
  /** Do not wait for Redis (it is meant to be unreachable). */
  readonly redisDown?: boolean;
}

/**
 * Starts the gateway as main.ts does (no body parser, edge security), on a free loopback port,
 * against the real Redis with a prefix of its own. Each start clears the default Prometheus
 * registry first (default process metrics can be registered once per process), so /metrics
 * reflects the gateway started last.
 */
export async function startGateway(environment: GatewayEnvironment): Promise<TestGateway> {
  const config = loadApiGatewayConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env['GATEWAY_TEST_LOG_LEVEL'] ?? 'silent',
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: environment.redisKeyPrefix ?? uniqueKeyPrefix('api-gateway'),
    AUTH_SERVICE_URL: environment.authServiceUrl,
    TENANT_SERVICE_URL: environment.tenantServiceUrl,
    UPSTREAM_URLS: environment.upstreamUrls,
    SERVICE_CLIENT_SECRET: GATEWAY_CLIENT_SECRET,
    ...environment.env,
  });
  register.clear();
  const app = await createHttpService({
    ...gatewayServiceOptions(config, { logDestination: environment.logDestination }),
    port: 0,
  });
  await app.listen(0, '127.0.0.1');
  // Until Redis is connected the insurance limiter decides; tests of the shared limits wait.
  if (!environment.redisDown) await waitForRedis(app.get(Redis));
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, app, config, close: () => app.close() };
}
