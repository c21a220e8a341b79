import { ConfigValidationError } from '@switchboard/backend-util-config';
import { randomBytes } from 'node:crypto';
import { DEV_SERVICE_CLIENT_SECRET, loadInboundTransformerConfig } from './inbound-transformer.config';

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
    S3_ACCESS_KEY_ID: 'inbound-transformer',
    S3_SECRET_ACCESS_KEY: strong(),
  };
}

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadInboundTransformerConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return [...error.problems];
    throw error;
  }
}

describe(loadInboundTransformerConfig.name, () => {
  it('starts outside production with development defaults', () => {
    const sut = loadInboundTransformerConfig({});

    expect(sut).toMatchObject({
      PORT: 3003,
      SERVICE_CLIENT_SECRET: DEV_SERVICE_CLIENT_SECRET,
      WHATSAPP_GRAPH_BASE_URL: 'https://graph.facebook.com',
      WHATSAPP_GRAPH_VERSION: 'v25.0',
      MEDIA_URL_TTL_SECONDS: 3600,
      IDEMPOTENCY_TTL_SECONDS: 86_400,
      INBOUND_CLAIM_LEASE_MS: 60_000,
      ALLOW_INSECURE_CLOUD_URLS: false,
    });
    expect(sut.mediaHosts).toEqual(['graph.facebook.com', 'lookaside.fbsbx.com']);
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

  it('refuses insecure cloud URLs in production', () => {
    expect(problems({ ...productionEnv(), ALLOW_INSECURE_CLOUD_URLS: 'true' })).toContain(
      'ALLOW_INSECURE_CLOUD_URLS: must not be true in production',
    );
  });

  it('allows an http Graph URL (the simulator) only with ALLOW_INSECURE_CLOUD_URLS, outside production', () => {
    const env = { WHATSAPP_GRAPH_BASE_URL: 'http://127.0.0.1:3100' };

    expect(problems(env)).toEqual([expect.stringMatching(/^WHATSAPP_GRAPH_BASE_URL: must be https/)]);
    expect(problems({ ...env, ALLOW_INSECURE_CLOUD_URLS: 'true' })).toEqual([]);
    expect(problems({ ...productionEnv(), ...env })).toEqual([
      expect.stringMatching(/^WHATSAPP_GRAPH_BASE_URL: must be https/),
    ]);
  });

  it('allows the Graph host and the configured media hosts for downloads', () => {
    const sut = loadInboundTransformerConfig({
      WHATSAPP_GRAPH_BASE_URL: 'http://127.0.0.1:3100',
      ALLOW_INSECURE_CLOUD_URLS: 'true',
      WHATSAPP_MEDIA_HOSTS: 'lookaside.fbsbx.com, Media.Example.com:8443',
    });

    expect(sut.mediaHosts).toEqual(['127.0.0.1:3100', 'lookaside.fbsbx.com', 'media.example.com:8443']);
  });

  it('refuses a malformed media host list', () => {
    expect(problems({ WHATSAPP_MEDIA_HOSTS: 'https://lookaside.fbsbx.com/' })).toEqual([
      expect.stringMatching(/^WHATSAPP_MEDIA_HOSTS: comma-separated host names/),
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
});
