import type { INestApplication } from '@nestjs/common';
import {
  createServiceDataSource,
  runServiceMigrations,
  Transactions,
} from '@switchboard/backend-data-access-persistence';
import { StateManagerClient } from '@switchboard/backend-data-access-platform-clients';
import {
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  createTestVhost,
  dropSchema,
  uniqueKeyPrefix,
  uniqueSchemaName,
  type TestVhost,
} from '@switchboard/backend-testing-infra';
import { DeadLetterService, MessagePublisher } from '@switchboard/backend-util-messaging';
import { createHttpService } from '@switchboard/backend-util-observability';
import {
  PIPELINE_MESSAGE_TYPES,
  ROUTING_KEYS,
  SERVICES,
  createEnvelope,
  type Envelope,
  type GenesysCorrelation,
} from '@switchboard/shared-contracts';
import Redis from 'ioredis';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { register } from 'prom-client';
import { DataSource } from 'typeorm';
import { loadStateManagerConfig, type StateManagerConfig } from '../app/config/state-manager.config';
import { STATE_MANAGER_MIGRATIONS } from '../app/persistence/persistence.constants';
import { stateManagerHttpOptions } from '../app/state-manager.bootstrap';
import type { TestIdentities } from './identities.util';

export interface HarnessOptions {
  readonly label: string;
  readonly identities: TestIdentities;
  /** Variables on top of the test defaults. */
  readonly env?: Record<string, string>;
}

export interface TestResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export interface RequestOptions {
  /** A bearer token; none when absent. */
  readonly token?: string;
  readonly json?: unknown;
}

/**
 * state-manager as `main.ts` builds it, on 127.0.0.1:0, against the real PostgreSQL (a fresh
 * schema, migrated), Redis (a fresh key prefix) and RabbitMQ (a fresh vhost with the topology).
 * Tokens are verified with the test's own key instead of auth-service's JWKS.
 */
export class StateManagerHarness {
  private readonly logChunks: string[] = [];

  private constructor(
    readonly app: INestApplication,
    readonly config: StateManagerConfig,
    readonly baseUrl: string,
    readonly vhost: TestVhost,
    private readonly identities: TestIdentities,
    logs: PassThrough,
  ) {
    logs.on('data', (chunk: Buffer | string) => this.logChunks.push(chunk.toString()));
  }

  static async start(options: HarnessOptions): Promise<StateManagerHarness> {
    const schema = uniqueSchemaName(options.label);
    await runServiceMigrations(
      createServiceDataSource({ url: TEST_DATABASE_URL, schema, migrations: STATE_MANAGER_MIGRATIONS }),
    );
    const vhost = await createTestVhost(options.label);
    const config = loadStateManagerConfig({
      NODE_ENV: 'test',
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      DATABASE_POOL_SIZE: '20',
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: uniqueKeyPrefix(options.label),
      RABBITMQ_URL: vhost.url,
      AUTH_SERVICE_URL: 'http://127.0.0.1:1',
      ...options.env,
    });
    const logs = new PassThrough();
    register.clear();
    const app = await createHttpService(
      stateManagerHttpOptions(config, {
        keys: options.identities.keys(),
        logDestination: logs,
        logLevel: 'info',
      }),
    );
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    return new StateManagerHarness(app, config, `http://127.0.0.1:${port}`, vhost, options.identities, logs);
  }

  get dataSource(): DataSource {
    return this.app.get(DataSource);
  }

  get transactions(): Transactions {
    return this.app.get(Transactions);
  }

  get redis(): Redis {
    return this.app.get(Redis);
  }

  get deadLetters(): DeadLetterService {
    return this.app.get(DeadLetterService);
  }

  /** Every log line written so far. */
  logs(): string {
    return this.logChunks.join('');
  }

  /** The platform's own client of this API, as `caller` holds it (validates every answer). */
  client(caller: string = SERVICES.INBOUND_TRANSFORMER.name): StateManagerClient {
    return new StateManagerClient({
      baseUrl: this.baseUrl,
      serviceTokens: this.identities.serviceTokenClient(caller),
    });
  }

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<TestResponse<T>> {
    const headers: Record<string, string> = {};
    if (options.token) headers['authorization'] = `Bearer ${options.token}`;
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.json === undefined ? undefined : JSON.stringify(options.json),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text ? JSON.parse(text) : undefined) as T,
    };
  }

  /** Publishes a correlation envelope as genesys-api-service does (confirmed by the broker). */
  async publishCorrelation(
    tenantId: string,
    payload: GenesysCorrelation | Record<string, unknown>,
    type: string = PIPELINE_MESSAGE_TYPES.GENESYS_CORRELATION,
  ): Promise<Envelope> {
    const envelope = createEnvelope({ tenantId, type, payload });
    await this.app.get(MessagePublisher).publish(ROUTING_KEYS.GENESYS_CORRELATION, envelope);
    return envelope;
  }

  /** Stops the service and removes its schema, Redis keys and vhost. */
  async destroy(): Promise<void> {
    await this.app.close();
    await dropSchema(this.config.DATABASE_SCHEMA);
    await this.vhost.remove();
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const keys = await redis.keys(`${this.config.REDIS_KEY_PREFIX}*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  }
}

/** Polls `probe` until it returns something other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
