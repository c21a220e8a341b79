import { ConfigValidationError } from '@switchboard/backend-util-config';
import { randomBytes } from 'node:crypto';
import {
  DEV_ENCRYPTION_KEYS,
  DEV_SERVICE_CLIENT_SECRET,
  loadTenantServiceConfig,
} from './tenant-service.config';

const strong = () => randomBytes(24).toString('base64url');

function productionEnv(): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://tenant:s3cret-password@db:5432/switchboard',
    REDIS_URL: 'redis://redis:6379/0',
    AUTH_SERVICE_URL: 'http://auth-service:3008',
    SERVICE_CLIENT_SECRET: strong(),
    TENANT_ENCRYPTION_KEYS: `prod-1:${randomBytes(32).toString('base64')}`,
    TENANT_ENCRYPTION_ACTIVE_KEY_ID: 'prod-1',
    TENANT_FINGERPRINT_KEY: `${strong()}${strong()}`,
    META_APP_ID: '1234567890',
    META_APP_SECRET: strong(),
    PUBLIC_WEBHOOK_BASE_URL: 'https://hooks.example.com',
  };
}

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadTenantServiceConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return [...error.problems];
    throw error;
  }
}

describe(loadTenantServiceConfig.name, () => {
  it('starts outside production with development defaults only', () => {
    const sut = loadTenantServiceConfig({});

    expect(sut).toMatchObject({
      PORT: 3009,
      DATABASE_SCHEMA: 'tenant_service',
      SERVICE_CLIENT_SECRET: DEV_SERVICE_CLIENT_SECRET,
      TENANT_ENCRYPTION_ACTIVE_KEY_ID: 'dev-1',
      GRAPH_API_BASE_URL: 'https://graph.facebook.com',
      ALLOW_INSECURE_CLOUD_URLS: false,
    });
    expect(sut.encryptionKeys.get('dev-1')).toHaveLength(32);
  });

  it('starts in production with every secret set', () => {
    expect(problems(productionEnv())).toEqual([]);
  });

  it.each([
    'DATABASE_URL',
    'REDIS_URL',
    'AUTH_SERVICE_URL',
    'SERVICE_CLIENT_SECRET',
    'TENANT_ENCRYPTION_KEYS',
    'TENANT_ENCRYPTION_ACTIVE_KEY_ID',
    'TENANT_FINGERPRINT_KEY',
    'META_APP_ID',
    'META_APP_SECRET',
    'PUBLIC_WEBHOOK_BASE_URL',
  ])('refuses to start in production without %s, naming it', (name) => {
    const env = productionEnv();
    delete env[name];

    expect(problems(env)).toEqual([expect.stringMatching(new RegExp(`^${name}: is required in production`))]);
  });

  it.each([
    [
      'the development encryption key',
      { TENANT_ENCRYPTION_KEYS: DEV_ENCRYPTION_KEYS, TENANT_ENCRYPTION_ACTIVE_KEY_ID: 'dev-1' },
      /TENANT_ENCRYPTION_KEYS: must not be the development default/,
    ],
    [
      'the development encryption key among others',
      {
        TENANT_ENCRYPTION_KEYS: `prod-1:${randomBytes(32).toString('base64')},${DEV_ENCRYPTION_KEYS}`,
        TENANT_ENCRYPTION_ACTIVE_KEY_ID: 'prod-1',
      },
      /TENANT_ENCRYPTION_KEYS: must not contain the development key/,
    ],
    [
      'a weak encryption key',
      { TENANT_ENCRYPTION_KEYS: `prod-1:${Buffer.alloc(32, 1).toString('base64')}` },
      /TENANT_ENCRYPTION_KEYS: key "prod-1": is not random enough/,
    ],
    [
      'a short encryption key',
      { TENANT_ENCRYPTION_KEYS: `prod-1:${randomBytes(31).toString('base64')}` },
      /exactly 32 bytes/,
    ],
    [
      'an active key that is not configured',
      { TENANT_ENCRYPTION_ACTIVE_KEY_ID: 'prod-2' },
      /TENANT_ENCRYPTION_ACTIVE_KEY_ID: must be one of the ids/,
    ],
    [
      'a short fingerprint key',
      { TENANT_FINGERPRINT_KEY: 'short-but-16-chars' },
      /TENANT_FINGERPRINT_KEY: must be at least 32/,
    ],
    [
      'the development service secret',
      { SERVICE_CLIENT_SECRET: DEV_SERVICE_CLIENT_SECRET },
      /SERVICE_CLIENT_SECRET: must not be the development default/,
    ],
    [
      'insecure cloud URLs',
      { ALLOW_INSECURE_CLOUD_URLS: 'true' },
      /ALLOW_INSECURE_CLOUD_URLS: must not be true in production/,
    ],
    [
      'an http Graph URL',
      { GRAPH_API_BASE_URL: 'http://graph.example.com' },
      /GRAPH_API_BASE_URL: must be https/,
    ],
    [
      'an http webhook base URL',
      { PUBLIC_WEBHOOK_BASE_URL: 'http://hooks.example.com' },
      /PUBLIC_WEBHOOK_BASE_URL: must be https/,
    ],
    [
      'a webhook base URL off port 443',
      { PUBLIC_WEBHOOK_BASE_URL: 'https://hooks.example.com:8443' },
      /port 443/,
    ],
    [
      'the development database password',
      { DATABASE_URL: 'postgres://switchboard:switchboard@db/switchboard' },
      /DATABASE_URL/,
    ],
  ])('refuses %s in production', (_label, override, problem) => {
    expect(problems({ ...productionEnv(), ...override })).toEqual(
      expect.arrayContaining([expect.stringMatching(problem)]),
    );
  });

  it('allows http simulators outside production only when told so', () => {
    const env = {
      GENESYS_API_BASE_URL: 'http://127.0.0.1:3101',
      PUBLIC_WEBHOOK_BASE_URL: 'http://127.0.0.1:3002',
    };

    expect(problems(env)).toEqual([
      expect.stringMatching(/^GENESYS_API_BASE_URL: must be https/),
      expect.stringMatching(/^PUBLIC_WEBHOOK_BASE_URL: must be https/),
    ]);
    expect(problems({ ...env, ALLOW_INSECURE_CLOUD_URLS: 'true' })).toEqual([]);
  });

  it('never puts a key into a problem', () => {
    const material = Buffer.alloc(32, 1).toString('base64');

    expect(
      problems({ ...productionEnv(), TENANT_ENCRYPTION_KEYS: `prod-1:${material}` }).join(),
    ).not.toContain(material);
  });
});
