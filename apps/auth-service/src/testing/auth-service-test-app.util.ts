import type { INestApplication } from '@nestjs/common';
import { createServiceDataSource, runServiceMigrations } from '@switchboard/backend-data-access-persistence';
import {
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  dropSchema,
  uniqueKeyPrefix,
  uniqueSchemaName,
} from '@switchboard/backend-testing-infra';
import {
  signAccessToken,
  signServiceToken,
  type AccessTokenClaims,
  type SigningKey,
} from '@switchboard/backend-util-auth';
import { createHttpService } from '@switchboard/backend-util-observability';
import Redis from 'ioredis';
import { exportJWK, generateKeyPair, importJWK, type KeyLike } from 'jose';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { register } from 'prom-client';
import request from 'supertest';
import { AppModule } from '../app/app.module';
import { loadAuthServiceConfig, type AuthServiceConfig } from '../app/config/auth-service.config';
import { configureAuthService } from '../app/configure-app.util';
import { AUTH_SERVICE_MIGRATIONS } from '../app/persistence/auth-service.migrations';

export const TEST_ADMIN_EMAIL = 'root@switchboard.test';
export const TEST_ADMIN_PASSWORD = 'root-password-for-integration-tests';

/** One suite's schema, Redis prefix and signing key, shared by the instances it starts. */
export interface TestEnvironment {
  readonly schema: string;
  readonly keyPrefix: string;
  /** AUTH_SIGNING_KEYS of every instance of the suite (replicas share keys). */
  readonly signingKeysJson: string;
  readonly signingKey: SigningKey;
  /** Signs a service token as auth-service would (for callers of internal routes). */
  serviceToken(caller: string, audience?: string): Promise<string>;
  accessToken(claims: AccessTokenClaims): Promise<string>;
  /** Drops the schema and the suite's Redis keys. */
  destroy(): Promise<void>;
}

export async function createTestEnvironment(label: string): Promise<TestEnvironment> {
  const schema = uniqueSchemaName(`auth_${label}`);
  const keyPrefix = uniqueKeyPrefix(`auth-${label}`);
  await runServiceMigrations(
    createServiceDataSource({ url: TEST_DATABASE_URL, schema, migrations: AUTH_SERVICE_MIGRATIONS }),
  );
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `test-${label}`;
  const privateJwk = { ...(await exportJWK(privateKey)), kid };
  const signingKey: SigningKey = {
    kid,
    privateKey: (await importJWK(privateJwk, 'ES256')) as KeyLike,
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' },
  };
  return {
    schema,
    keyPrefix,
    signingKeysJson: JSON.stringify([privateJwk]),
    signingKey,
    serviceToken: (caller, audience = 'auth-service') => signServiceToken(signingKey, caller, audience, 300),
    accessToken: (claims) => signAccessToken(signingKey, claims, 300),
    destroy: async () => {
      await dropSchema(schema);
      const redis = new Redis(TEST_REDIS_URL);
      try {
        const keys = await redis.keys(`${keyPrefix}*`);
        if (keys.length > 0) await redis.del(...keys);
      } finally {
        redis.disconnect();
      }
    },
  };
}

export interface AuthServiceTestApp {
  readonly app: INestApplication;
  readonly baseUrl: string;
  readonly config: AuthServiceConfig;
  /** Every log line the instance wrote (JSON). */
  readonly logs: string[];
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

/**
 * Starts auth-service as main.ts does (same module, pipes and configure) on 127.0.0.1:0,
 * against the suite's schema and Redis prefix, capturing its logs.
 */
export async function startAuthService(
  environment: TestEnvironment,
  env: NodeJS.ProcessEnv = {},
): Promise<AuthServiceTestApp> {
  const config = loadAuthServiceConfig({
    NODE_ENV: 'test',
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_SCHEMA: environment.schema,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: environment.keyPrefix,
    AUTH_SIGNING_KEYS: environment.signingKeysJson,
    BOOTSTRAP_ADMIN_EMAIL: TEST_ADMIN_EMAIL,
    BOOTSTRAP_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    LOG_LEVEL: 'debug',
    ...env,
  });
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  // Several instances run in one test process: prom-client's default registry is global.
  register.clear();
  const app = await createHttpService({
    rootModule: AppModule.forRoot(config, { logDestination: destination }),
    port: 0,
    configure: (created) => configureAuthService(created, config),
  });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return { app, baseUrl, config, logs, http: () => request(baseUrl), close: () => app.close() };
}

export function basicAuth(name: string, secret: string): string {
  return `Basic ${Buffer.from(`${name}:${secret}`).toString('base64')}`;
}

/** The value of the refresh cookie set by a response, or undefined. */
export function refreshCookieOf(response: { headers: Record<string, unknown> }): string | undefined {
  const cookies = (response.headers['set-cookie'] as string[] | undefined) ?? [];
  const match = cookies.map((cookie) => /^sb_refresh=([^;]*)/.exec(cookie)).find(Boolean);
  return match?.[1] || undefined;
}
