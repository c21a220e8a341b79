import { ConfigValidationError } from '@switchboard/backend-util-config';
import { exportJWK, generateKeyPair } from 'jose';
import { loadAuthServiceConfig } from './auth-service.config';
import { devServiceClientSecret, SERVICE_CLIENT_NAMES } from './service-client-secrets.util';

async function privateJwk(kid: string) {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid };
}

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadAuthServiceConfig(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return [...error.problems];
    throw error;
  }
  return [];
}

const strongSecrets = 'genesys-api-service=9f8e7d6c5b4a3f2e1d0c,tenant-service=0a1b2c3d4e5f6a7b8c9d';

describe(loadAuthServiceConfig.name, () => {
  let keys: string;

  beforeAll(async () => {
    keys = JSON.stringify([await privateJwk('k-2026-01'), await privateJwk('k-2025-07')]);
  });

  const production = (env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://auth:pw@db:5432/switchboard',
    REDIS_URL: 'redis://redis:6379/0',
    TENANT_SERVICE_URL: 'http://tenant-service:3009',
    AUTH_SIGNING_KEYS: keys,
    SERVICE_CLIENT_SECRETS: strongSecrets,
    ...env,
  });

  it('starts in development without keys or secrets: keys generated later, dev secrets per service', () => {
    const sut = loadAuthServiceConfig({});
    expect(sut.AUTH_SIGNING_KEYS).toBeUndefined();
    expect(sut.PORT).toBe(3008);
    expect(sut.ACCESS_TOKEN_TTL_SECONDS).toBe(900);
    expect(sut.SERVICE_TOKEN_TTL_SECONDS).toBe(300);
    expect(sut.REFRESH_COOKIE_PATH).toBe('/api/auth');
    expect(sut.CLOUD_TOKEN_RENEW_RATIO).toBe(0.8);
    expect(sut.CLOUD_TOKEN_LOCK_MS).toBe(30_000);
    expect([...sut.SERVICE_CLIENT_SECRETS.keys()]).toEqual(SERVICE_CLIENT_NAMES);
    expect(sut.SERVICE_CLIENT_SECRETS.get('genesys-api-service')).toBe('dev-only-genesys-api-service-secret');
  });

  it('starts in production with keys, secrets and the URLs of its infrastructure', () => {
    const sut = loadAuthServiceConfig(production());
    expect(sut.AUTH_SIGNING_KEYS?.map((key) => key.kid)).toEqual(['k-2026-01', 'k-2025-07']);
    expect(sut.SERVICE_CLIENT_SECRETS.get('tenant-service')).toBe('0a1b2c3d4e5f6a7b8c9d');
  });

  it('refuses to start in production without signing keys, naming the variable', () => {
    expect(problemsOf(production({ AUTH_SIGNING_KEYS: undefined }))).toEqual([
      'AUTH_SIGNING_KEYS: is required in production',
    ]);
  });

  it('refuses to start in production without service client secrets, naming the variable', () => {
    expect(problemsOf(production({ SERVICE_CLIENT_SECRETS: undefined }))).toEqual([
      'SERVICE_CLIENT_SECRETS: is required in production',
    ]);
  });

  it('refuses development defaults and weak or short client secrets in production', () => {
    const problems = problemsOf(
      production({
        SERVICE_CLIENT_SECRETS: `genesys-api-service=${devServiceClientSecret('genesys-api-service')},tenant-service=short`,
      }),
    );
    expect(problems).toEqual([
      'SERVICE_CLIENT_SECRETS: secret of "genesys-api-service" must not be the development default in production',
      'SERVICE_CLIENT_SECRETS: secret of "tenant-service" must be at least 16 characters in production',
    ]);
  });

  it('refuses client names that are not services, auth-service itself and duplicates', () => {
    const problems = problemsOf({
      SERVICE_CLIENT_SECRETS: 'intruder=x,auth-service=y,state-manager=a,state-manager=b',
    });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/"intruder" is not a service client/);
    expect(problems[1]).toMatch(/"auth-service" is not a service client/);
    expect(problems[2]).toMatch(/"state-manager" is listed twice/);
  });

  it('refuses unusable signing keys without echoing them', () => {
    const publicOnly = JSON.stringify([{ kty: 'EC', crv: 'P-256', x: 'abc', y: 'def', kid: 'k' }]);
    const problems = problemsOf({ AUTH_SIGNING_KEYS: publicOnly });
    expect(problems).toEqual([expect.stringMatching(/^AUTH_SIGNING_KEYS: \[0\.d\]/)]);
    const garbage = problemsOf({ AUTH_SIGNING_KEYS: '{"d":"super-secret-private-part"' });
    expect(garbage).toEqual(['AUTH_SIGNING_KEYS: must be a JSON array of private EC P-256 JWKs with kid']);
    expect(garbage.join()).not.toContain('super-secret');
  });

  it('refuses duplicate key ids', async () => {
    const key = await privateJwk('same');
    expect(problemsOf({ AUTH_SIGNING_KEYS: JSON.stringify([key, key]) })).toEqual([
      'AUTH_SIGNING_KEYS: key ids (kid) must be unique',
    ]);
  });

  it('requires the database and Redis URLs in production', () => {
    expect(problemsOf(production({ DATABASE_URL: undefined, REDIS_URL: undefined }))).toEqual([
      'DATABASE_URL: is required in production',
      'REDIS_URL: is required in production',
    ]);
  });

  it('allows an http Genesys login URL only with ALLOW_INSECURE_CLOUD_URLS outside production', () => {
    expect(problemsOf({ GENESYS_LOGIN_BASE_URL: 'http://127.0.0.1:3101' })).toEqual([
      expect.stringMatching(/^GENESYS_LOGIN_BASE_URL: must be https/),
    ]);
    expect(
      problemsOf({ GENESYS_LOGIN_BASE_URL: 'http://127.0.0.1:3101', ALLOW_INSECURE_CLOUD_URLS: 'true' }),
    ).toEqual([]);
    expect(problemsOf(production({ GENESYS_LOGIN_BASE_URL: 'https://login.example.test' }))).toEqual([]);
  });

  it('refuses ALLOW_INSECURE_CLOUD_URLS in production', () => {
    expect(problemsOf(production({ ALLOW_INSECURE_CLOUD_URLS: 'true' }))).toContain(
      'ALLOW_INSECURE_CLOUD_URLS: must not be true in production',
    );
  });

  it('refuses a weak bootstrap admin password in production and half a bootstrap admin anywhere', () => {
    expect(
      problemsOf(
        production({ BOOTSTRAP_ADMIN_EMAIL: 'root@example.com', BOOTSTRAP_ADMIN_PASSWORD: 'password' }),
      ),
    ).toEqual([
      'BOOTSTRAP_ADMIN_PASSWORD: must be at least 16 characters in production',
      'BOOTSTRAP_ADMIN_PASSWORD: is a well-known weak value',
    ]);
    expect(problemsOf({ BOOTSTRAP_ADMIN_EMAIL: 'root@example.com' })).toEqual([
      'BOOTSTRAP_ADMIN_PASSWORD: is required when BOOTSTRAP_ADMIN_EMAIL is set',
    ]);
  });
});
