import { ConfigValidationError } from '@switchboard/backend-util-config';
import { randomBytes } from 'node:crypto';
import { DEV_SERVICE_CLIENT_SECRET, loadOutboundTransformerConfig } from './outbound-transformer.config';

const strong = () => randomBytes(24).toString('base64url');

function productionEnv(): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'production',
    RABBITMQ_URL: 'amqp://switchboard:s3cret@rabbitmq:5672',
    REDIS_URL: 'redis://redis:6379/0',
    AUTH_SERVICE_URL: 'http://auth-service:3008',
    TENANT_SERVICE_URL: 'http://tenant-service:3009',
    STATE_MANAGER_URL: 'http://state-manager:3007',
    SERVICE_CLIENT_SECRET: strong(),
    S3_ENDPOINT: 'http://minio:9000',
    S3_ACCESS_KEY_ID: 'outbound-transformer',
    S3_SECRET_ACCESS_KEY: strong(),
  };
}

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadOutboundTransformerConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return [...error.problems];
    throw error;
  }
}

describe(loadOutboundTransformerConfig.name, () => {
  it('starts outside production with development defaults', () => {
    const sut = loadOutboundTransformerConfig({});

    expect(sut).toMatchObject({
      PORT: 3004,
      REDIS_KEY_PREFIX: 'sb:outbound-transformer:',
      SERVICE_CLIENT_SECRET: DEV_SERVICE_CLIENT_SECRET,
      MEDIA_ALLOW_HTTP_LOOPBACK: false,
      MEDIA_FETCH_TIMEOUT_MS: 30_000,
      MEDIA_FETCH_ATTEMPTS: 3,
      CUSTOMER_WINDOW_HOURS: 24,
      TYPING_MAX_AGE_MS: 25_000,
      IDEMPOTENCY_TTL_SECONDS: 86_400,
      OUTBOUND_CLAIM_LEASE_MS: 60_000,
      CONSUMER_MAX_ATTEMPTS: 5,
    });
  });

  it('starts in production with every required variable set', () => {
    expect(problems(productionEnv())).toEqual([]);
  });

  it.each([
    'RABBITMQ_URL',
    'REDIS_URL',
    'AUTH_SERVICE_URL',
    'TENANT_SERVICE_URL',
    'STATE_MANAGER_URL',
    'SERVICE_CLIENT_SECRET',
    'S3_ACCESS_KEY_ID',
    'S3_SECRET_ACCESS_KEY',
  ])('refuses to start in production without %s, naming it', (name) => {
    const env = productionEnv();
    delete env[name];

    expect(problems(env)).toEqual([expect.stringMatching(new RegExp(`^${name}: is required in production`))]);
  });

  it('refuses plain-http loopback attachments in production, allows them elsewhere', () => {
    expect(problems({ ...productionEnv(), MEDIA_ALLOW_HTTP_LOOPBACK: 'true' })).toEqual([
      'MEDIA_ALLOW_HTTP_LOOPBACK: must not be true in production',
    ]);
    expect(
      loadOutboundTransformerConfig({ MEDIA_ALLOW_HTTP_LOOPBACK: 'true' }).MEDIA_ALLOW_HTTP_LOOPBACK,
    ).toBe(true);
  });

  it('refuses attachment host overrides in production and malformed ones anywhere', () => {
    expect(problems({ ...productionEnv(), MEDIA_FETCH_HOST_OVERRIDES: 'inside.test=10.0.0.1' })).toEqual([
      'MEDIA_FETCH_HOST_OVERRIDES: must be empty in production',
    ]);
    expect(problems({ MEDIA_FETCH_HOST_OVERRIDES: 'inside.test=not-an-address' })).toEqual([
      expect.stringMatching(/^MEDIA_FETCH_HOST_OVERRIDES: "not-an-address" .* is not an IP address/),
    ]);
    expect(
      loadOutboundTransformerConfig({ MEDIA_FETCH_HOST_OVERRIDES: 'inside.test=10.0.0.1' })
        .MEDIA_FETCH_HOST_OVERRIDES,
    ).toBe('inside.test=10.0.0.1');
  });

  it('refuses the development client secret in production', () => {
    expect(problems({ ...productionEnv(), SERVICE_CLIENT_SECRET: DEV_SERVICE_CLIENT_SECRET })).toEqual([
      'SERVICE_CLIENT_SECRET: must not be the development default in production',
    ]);
  });

  it('refuses a prefetch below the concurrency', () => {
    expect(
      problems({
        CONSUMER_CONCURRENCY: '10',
        CONSUMER_PREFETCH: '5',
        CONSUMER_MAX_ACTIVE_PER_TENANT: '5',
        CONSUMER_MAX_HELD_PER_TENANT: '5',
      }),
    ).toEqual(['CONSUMER_PREFETCH: must be at least CONSUMER_CONCURRENCY']);
  });

  it('refuses more download attempts than the consumer makes', () => {
    expect(problems({ MEDIA_FETCH_ATTEMPTS: '6', CONSUMER_MAX_ATTEMPTS: '5' })).toEqual([
      'MEDIA_FETCH_ATTEMPTS: must be at most CONSUMER_MAX_ATTEMPTS',
    ]);
  });

  it('refuses a retry delay maximum below its base', () => {
    expect(problems({ CONSUMER_RETRY_BASE_DELAY_MS: '5000', CONSUMER_RETRY_MAX_DELAY_MS: '1000' })).toEqual([
      'CONSUMER_RETRY_MAX_DELAY_MS: must be at least CONSUMER_RETRY_BASE_DELAY_MS',
    ]);
  });

  it('refuses a window of zero hours', () => {
    expect(problems({ CUSTOMER_WINDOW_HOURS: '0' })).toEqual([
      expect.stringMatching(/^CUSTOMER_WINDOW_HOURS: /),
    ]);
  });
});
