import { ConfigValidationError } from '@switchboard/backend-util-config';
import { DEV_SERVICE_CLIENT_SECRET, loadGenesysApiServiceConfig } from './genesys-api-service.config';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadGenesysApiServiceConfig(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return [...error.problems];
    throw error;
  }
  return [];
}

const production = (env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  NODE_ENV: 'production',
  RABBITMQ_URL: 'amqp://genesys-api:pw@rabbitmq:5672/switchboard',
  REDIS_URL: 'redis://redis:6379/0',
  AUTH_SERVICE_URL: 'http://auth-service:3008',
  TENANT_SERVICE_URL: 'http://tenant-service:3009',
  SERVICE_CLIENT_SECRET: '5b0c7e1a9d2f4e6b8a3c',
  ...env,
});

describe(loadGenesysApiServiceConfig.name, () => {
  it('starts in development with loopback defaults and the architecture defaults', () => {
    const sut = loadGenesysApiServiceConfig({});

    expect(sut).toMatchObject({
      PORT: 3005,
      RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:5672/switchboard',
      REDIS_KEY_PREFIX: 'sb:genesys-api-service:',
      SERVICE_CLIENT_SECRET: DEV_SERVICE_CLIENT_SECRET,
      GENESYS_REQUEST_TIMEOUT_MS: 10_000,
      GENESYS_MAX_ATTEMPTS: 5,
      GENESYS_RETRY_BASE_DELAY_MS: 1_000,
      GENESYS_RETRY_MAX_DELAY_MS: 32_000,
      GENESYS_MAX_CONCURRENT_PER_TENANT: 8,
      GENESYS_RATE_LIMIT_PER_MINUTE: 300,
      GENESYS_RATE_LIMIT_BURST: 50,
      GENESYS_BREAKER_CONSECUTIVE_FAILURES: 5,
      GENESYS_BREAKER_ERROR_THRESHOLD_PERCENT: 50,
      GENESYS_BREAKER_VOLUME_THRESHOLD: 20,
      GENESYS_BREAKER_WINDOW_MS: 30_000,
      GENESYS_BREAKER_RESET_TIMEOUT_MS: 60_000,
      CONSUMER_CONCURRENCY: 64,
      CONSUMER_PREFETCH: 256,
    });
    expect(sut.GENESYS_API_BASE_URL).toBeUndefined();
  });

  it('starts in production with its URLs and a strong client secret', () => {
    expect(problemsOf(production())).toEqual([]);
  });

  it('refuses to start in production without its URLs and secret, naming each variable', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });

    for (const name of [
      'RABBITMQ_URL',
      'REDIS_URL',
      'AUTH_SERVICE_URL',
      'TENANT_SERVICE_URL',
      'SERVICE_CLIENT_SECRET',
    ]) {
      expect(problems).toContainEqual(
        expect.stringMatching(new RegExp(`^${name}: is required in production`)),
      );
    }
  });

  it('refuses the development client secret and the guest broker account in production', () => {
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

  it('accepts an http Genesys API base URL (the simulator) only with ALLOW_INSECURE_CLOUD_URLS outside production', () => {
    const simulator = { GENESYS_API_BASE_URL: 'http://127.0.0.1:3101' };

    expect(problemsOf(simulator)).toEqual([
      'GENESYS_API_BASE_URL: must be https (http only with ALLOW_INSECURE_CLOUD_URLS=true, outside production)',
    ]);
    expect(loadGenesysApiServiceConfig({ ...simulator, ALLOW_INSECURE_CLOUD_URLS: 'true' })).toMatchObject(
      simulator,
    );
    expect(problemsOf(production({ ...simulator, ALLOW_INSECURE_CLOUD_URLS: 'true' }))).toEqual([
      'ALLOW_INSECURE_CLOUD_URLS: must not be true in production',
      'GENESYS_API_BASE_URL: must not be set in production (each tenant goes to its region)',
      'GENESYS_API_BASE_URL: must be https (http only with ALLOW_INSECURE_CLOUD_URLS=true, outside production)',
    ]);
  });

  it('refuses one Genesys API host for every tenant in production, even https', () => {
    expect(problemsOf(production({ GENESYS_API_BASE_URL: 'https://api.example.com' }))).toEqual([
      'GENESYS_API_BASE_URL: must not be set in production (each tenant goes to its region)',
    ]);
  });

  it('refuses retry delays and a prefetch that contradict each other', () => {
    expect(
      problemsOf({
        GENESYS_RETRY_BASE_DELAY_MS: '5000',
        GENESYS_RETRY_MAX_DELAY_MS: '1000',
        CONSUMER_CONCURRENCY: '10',
        CONSUMER_PREFETCH: '5',
        CONSUMER_MAX_ACTIVE_PER_TENANT: '5',
        CONSUMER_MAX_HELD_PER_TENANT: '5',
      }),
    ).toEqual([
      'GENESYS_RETRY_MAX_DELAY_MS: must be at least GENESYS_RETRY_BASE_DELAY_MS',
      'CONSUMER_PREFETCH: must be at least CONSUMER_CONCURRENCY',
    ]);
  });
});
