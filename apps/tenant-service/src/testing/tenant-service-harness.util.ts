import type { INestApplication } from '@nestjs/common';
import {
  createServiceDataSource,
  runServiceMigrations,
  Transactions,
} from '@switchboard/backend-data-access-persistence';
import {
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  dropSchema,
  uniqueKeyPrefix,
  uniqueSchemaName,
} from '@switchboard/backend-testing-infra';
import { createHttpService } from '@switchboard/backend-util-observability';
import { SERVICES } from '@switchboard/shared-contracts';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { register } from 'prom-client';
import { DataSource } from 'typeorm';
import { loadTenantServiceConfig, type TenantServiceConfig } from '../app/config/tenant-service.config';
import { TENANT_SERVICE_MIGRATIONS } from '../app/persistence/persistence.constants';
import { tenantServiceHttpOptions } from '../app/tenant-service.bootstrap';
import type { Credential, TestIdentities } from './identities.util';
import { LogCapture } from '@switchboard/backend-testing-platform';

export interface RecordedResponse {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly text: string;
  /** Secrets this response is meant to carry (the internal credential routes). */
  readonly carries: readonly string[];
}

export interface TestResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly text: string;
}

export interface RequestOptions {
  readonly as?: Credential;
  readonly json?: unknown;
  /** The response is meant to carry these secret values (checked by the leak scan). */
  readonly carries?: readonly string[];
}

export interface HarnessOptions {
  readonly label: string;
  readonly identities: TestIdentities;
  /** Variables on top of the test defaults (cloud URLs, keys, ...). */
  readonly env?: Record<string, string>;
  /** Reuse a schema and Redis prefix (a restart of the same deployment). */
  readonly schema?: string;
  readonly keyPrefix?: string;
  /** Shared across restarts so that a suite searches all of its logs. */
  readonly logs?: LogCapture;
  readonly responses?: RecordedResponse[];
}

/** A random `kid:base64` encryption key entry. */
export function randomEncryptionKey(keyId: string): string {
  return `${keyId}:${randomBytes(32).toString('base64')}`;
}

/**
 * tenant-service as `main.ts` builds it (same module, pipes, OpenAPI), on 127.0.0.1:0, against
 * the real PostgreSQL (a fresh schema, migrated) and Redis (a fresh key prefix). Records every
 * response and captures every log line so that a suite can search both for secrets.
 */
export class TenantServiceHarness {
  private constructor(
    readonly app: INestApplication,
    readonly config: TenantServiceConfig,
    readonly baseUrl: string,
    readonly logs: LogCapture,
    readonly responses: RecordedResponse[],
  ) {}

  static async start(options: HarnessOptions): Promise<TenantServiceHarness> {
    const schema = options.schema ?? uniqueSchemaName(options.label);
    await runServiceMigrations(
      createServiceDataSource({ url: TEST_DATABASE_URL, schema, migrations: TENANT_SERVICE_MIGRATIONS }),
    );
    const config = loadTenantServiceConfig({
      NODE_ENV: 'test',
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      DATABASE_POOL_SIZE: '5',
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: options.keyPrefix ?? uniqueKeyPrefix(options.label),
      AUTH_SERVICE_URL: 'http://127.0.0.1:1',
      TENANT_ENCRYPTION_KEYS: randomEncryptionKey('k1'),
      TENANT_ENCRYPTION_ACTIVE_KEY_ID: 'k1',
      TENANT_FINGERPRINT_KEY: randomBytes(32).toString('base64'),
      PUBLIC_WEBHOOK_BASE_URL: `http://127.0.0.1:${SERVICES.GENESYS_WEBHOOK.port}`,
      ALLOW_INSECURE_CLOUD_URLS: 'true',
      CLOUD_TIMEOUT_MS: '5000',
      ...options.env,
    });
    const logs = options.logs ?? new LogCapture();
    register.clear();
    const app = await createHttpService(
      tenantServiceHttpOptions(config, {
        keys: options.identities.keys(),
        logDestination: logs.stream,
        logLevel: 'debug',
      }),
    );
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    return new TenantServiceHarness(app, config, `http://127.0.0.1:${port}`, logs, options.responses ?? []);
  }

  get schema(): string {
    return this.config.DATABASE_SCHEMA;
  }

  get keyPrefix(): string {
    return this.config.REDIS_KEY_PREFIX;
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

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<TestResponse<T>> {
    const headers: Record<string, string> = {};
    const credential = options.as ?? null;
    if (credential && 'bearer' in credential) headers['authorization'] = `Bearer ${credential.bearer}`;
    if (credential && 'apiKey' in credential) headers['x-api-key'] = credential.apiKey;
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.json === undefined ? undefined : JSON.stringify(options.json),
    });
    const text = await response.text();
    this.responses.push({ method, path, status: response.status, text, carries: options.carries ?? [] });
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: response.status, headers: response.headers, body: body as T, text };
  }

  /** Stops the service (the schema and Redis keys stay, for a restart or for inspection). */
  stop(): Promise<void> {
    return this.app.close();
  }

  /** Stops the service and removes its schema and Redis keys. */
  async destroy(): Promise<void> {
    await this.stop();
    await dropSchema(this.schema);
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const keys = await redis.keys(`${this.keyPrefix}*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  }
}

/**
 * The leak check of a suite: no response (except a credential route's, for its own secret) and
 * no log line contains any of the secret values.
 */
export function findLeaks(
  secrets: readonly string[],
  responses: readonly RecordedResponse[],
  logs: string,
): string[] {
  const leaks: string[] = [];
  for (const secret of secrets) {
    for (const response of responses) {
      const allowed = response.carries.includes(secret) || showsCreatedApiKey(response, secret);
      if (!allowed && response.text.includes(secret)) {
        leaks.push(`${response.method} ${response.path} (${response.status}) carries ${secret.slice(0, 4)}…`);
      }
    }
    if (logs.includes(secret)) leaks.push(`the logs carry ${secret.slice(0, 4)}…`);
  }
  return leaks;
}

/** The one answer that shows an API key: the 201 of its creation (or of the rotation that issued it). */
function showsCreatedApiKey(response: RecordedResponse, secret: string): boolean {
  if (response.method !== 'POST' || response.status !== 201) return false;
  if (!/\/api-keys(\/[^/]+\/rotate)?$/.test(response.path)) return false;
  const body = JSON.parse(response.text) as { key?: string; created?: { key?: string } };
  return (body.key ?? body.created?.key) === secret;
}
