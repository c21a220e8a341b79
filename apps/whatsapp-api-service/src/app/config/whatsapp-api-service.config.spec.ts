import { ConfigValidationError, DEV_S3_CREDENTIAL } from '@switchboard/backend-util-config';
import { DEV_SERVICE_CLIENT_SECRET, loadWhatsAppApiServiceConfig } from './whatsapp-api-service.config';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadWhatsAppApiServiceConfig(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return [...error.problems];
    throw error;
  }
  return [];
}

const production = (env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  NODE_ENV: 'production',
  RABBITMQ_URL: 'amqp://whatsapp-api:pw@rabbitmq:5672/switchboard',
  REDIS_URL: 'redis://redis:6379/0',
  AUTH_SERVICE_URL: 'http://auth-service:3008',
  TENANT_SERVICE_URL: 'http://tenant-service:3009',
  STATE_MANAGER_URL: 'http://state-manager:3007',
  SERVICE_CLIENT_SECRET: '5b0c7e1a9d2f4e6b8a3c',
  S3_ACCESS_KEY_ID: 'whatsapp-api',
  S3_SECRET_ACCESS_KEY: '9f8e7d6c5b4a39281706',
  ...env,
});

describe(loadWhatsAppApiServiceConfig.name, () => {
  it('starts in development with loopback defaults and the architecture defaults', () => {
    const sut = loadWhatsAppApiServiceConfig({});

    expect(sut).toMatchObject({
      PORT: 3006,
      RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:5672/switchboard',
      REDIS_KEY_PREFIX: 'sb:whatsapp-api-service:',
      STATE_MANAGER_URL: 'http://127.0.0.1:3007',
      SERVICE_CLIENT_SECRET: DEV_SERVICE_CLIENT_SECRET,
      S3_ACCESS_KEY_ID: DEV_S3_CREDENTIAL,
      WHATSAPP_GRAPH_BASE_URL: 'https://graph.facebook.com',
      WHATSAPP_GRAPH_VERSION: 'v25.0',
      WHATSAPP_MAX_ATTEMPTS: 5,
      WHATSAPP_RETRY_BASE_DELAY_MS: 1_000,
      WHATSAPP_RETRY_MAX_DELAY_MS: 60_000,
      WHATSAPP_RATE_LIMIT_PER_SECOND: 80,
      WHATSAPP_BREAKER_CONSECUTIVE_FAILURES: 5,
      WHATSAPP_BREAKER_RESET_TIMEOUT_MS: 60_000,
      WHATSAPP_SENT_RECORD_TTL_SECONDS: 7 * 86_400,
      WHATSAPP_MEDIA_ID_TTL_SECONDS: 29 * 86_400,
    });
  });

  it('starts in production with its URLs and strong secrets', () => {
    expect(problemsOf(production())).toEqual([]);
  });

  it('refuses to start in production without its URLs and secrets, naming each variable', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });

    for (const name of [
      'RABBITMQ_URL',
      'REDIS_URL',
      'AUTH_SERVICE_URL',
      'TENANT_SERVICE_URL',
      'STATE_MANAGER_URL',
      'SERVICE_CLIENT_SECRET',
      'S3_SECRET_ACCESS_KEY',
    ]) {
      expect(problems).toContainEqual(
        expect.stringMatching(new RegExp(`^${name}: is required in production`)),
      );
    }
  });

  it('refuses the development secrets and the guest broker account in production', () => {
    expect(
      problemsOf(
        production({
          SERVICE_CLIENT_SECRET: DEV_SERVICE_CLIENT_SECRET,
          RABBITMQ_URL: 'amqp://guest:guest@rabbitmq:5672',
        }),
      ),
    ).toEqual([
      'RABBITMQ_URL: must not use the guest account in production',
      expect.stringMatching(/^SERVICE_CLIENT_SECRET: must not be the development default/),
    ]);
  });

  it('sends every tenant’s token only to Meta’s Graph host in production', () => {
    expect(problemsOf(production({ WHATSAPP_GRAPH_BASE_URL: 'https://graph.facebook.com/' }))).toEqual([]);
    expect(problemsOf(production({ WHATSAPP_GRAPH_BASE_URL: 'https://graph.example.com' }))).toEqual([
      "WHATSAPP_GRAPH_BASE_URL: must be https://graph.facebook.com in production (every tenant's token is sent there)",
    ]);
  });

  it('accepts an http Graph base URL (the simulator) only with ALLOW_INSECURE_CLOUD_URLS outside production', () => {
    const simulator = { WHATSAPP_GRAPH_BASE_URL: 'http://127.0.0.1:3100' };

    expect(problemsOf(simulator)).toEqual([
      'WHATSAPP_GRAPH_BASE_URL: must be https (http only with ALLOW_INSECURE_CLOUD_URLS=true, outside production)',
    ]);
    expect(loadWhatsAppApiServiceConfig({ ...simulator, ALLOW_INSECURE_CLOUD_URLS: 'true' })).toMatchObject(
      simulator,
    );
    expect(problemsOf(production({ ...simulator, ALLOW_INSECURE_CLOUD_URLS: 'true' }))).toEqual([
      'ALLOW_INSECURE_CLOUD_URLS: must not be true in production',
      "WHATSAPP_GRAPH_BASE_URL: must be https://graph.facebook.com in production (every tenant's token is sent there)",
      'WHATSAPP_GRAPH_BASE_URL: must be https (http only with ALLOW_INSECURE_CLOUD_URLS=true, outside production)',
    ]);
  });

  it('takes a send rate per number up to WhatsApp’s 1,000 messages per second, and no more', () => {
    expect(
      loadWhatsAppApiServiceConfig({ WHATSAPP_RATE_LIMIT_PER_SECOND: '1000' }).WHATSAPP_RATE_LIMIT_PER_SECOND,
    ).toBe(1_000);
    expect(problemsOf({ WHATSAPP_RATE_LIMIT_PER_SECOND: '1001' })).toEqual([
      expect.stringMatching(/^WHATSAPP_RATE_LIMIT_PER_SECOND: /),
    ]);
    expect(problemsOf({ WHATSAPP_RATE_LIMIT_PER_SECOND: '0' })).toEqual([
      expect.stringMatching(/^WHATSAPP_RATE_LIMIT_PER_SECOND: /),
    ]);
  });

  it('keeps the media id below WhatsApp’s 30 days and the sent record at least a day', () => {
    expect(problemsOf({ WHATSAPP_MEDIA_ID_TTL_SECONDS: String(30 * 86_400) })).toEqual([
      expect.stringMatching(/^WHATSAPP_MEDIA_ID_TTL_SECONDS: /),
    ]);
    expect(problemsOf({ WHATSAPP_SENT_RECORD_TTL_SECONDS: '3600' })).toEqual([
      expect.stringMatching(/^WHATSAPP_SENT_RECORD_TTL_SECONDS: /),
    ]);
  });

  it('refuses a pinned Graph version that is not one', () => {
    expect(problemsOf({ WHATSAPP_GRAPH_VERSION: 'latest' })).toEqual([
      'WHATSAPP_GRAPH_VERSION: must look like v25.0',
    ]);
  });

  it('refuses retry delays and a prefetch that contradict each other', () => {
    expect(
      problemsOf({
        WHATSAPP_RETRY_BASE_DELAY_MS: '5000',
        WHATSAPP_RETRY_MAX_DELAY_MS: '1000',
        CONSUMER_CONCURRENCY: '10',
        CONSUMER_PREFETCH: '5',
        CONSUMER_MAX_ACTIVE_PER_TENANT: '5',
        CONSUMER_MAX_HELD_PER_TENANT: '5',
      }),
    ).toEqual([
      'WHATSAPP_RETRY_MAX_DELAY_MS: must be at least WHATSAPP_RETRY_BASE_DELAY_MS',
      'CONSUMER_PREFETCH: must be at least CONSUMER_CONCURRENCY',
    ]);
  });
});
