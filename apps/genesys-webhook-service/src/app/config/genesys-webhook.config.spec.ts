import { ConfigValidationError } from '@switchboard/backend-util-config';
import { randomBytes } from 'node:crypto';
import { DEV_SERVICE_CLIENT_SECRET, loadGenesysWebhookConfig } from './genesys-webhook.config';

const strong = () => randomBytes(24).toString('base64url');

function productionEnv(): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'production',
    RABBITMQ_URL: 'amqp://webhook:s3cret-password@rabbitmq:5672/switchboard',
    REDIS_URL: 'redis://redis:6379/0',
    TENANT_SERVICE_URL: 'http://tenant-service:3009',
    AUTH_SERVICE_URL: 'http://auth-service:3008',
    SERVICE_CLIENT_SECRET: strong(),
  };
}

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadGenesysWebhookConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return [...error.problems];
    throw error;
  }
}

describe(loadGenesysWebhookConfig.name, () => {
  it('starts outside production with local defaults', () => {
    expect(loadGenesysWebhookConfig({})).toMatchObject({
      PORT: 3002,
      RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:5672/switchboard',
      RABBITMQ_PUBLISH_TIMEOUT_MS: 5000,
      REDIS_COMMAND_TIMEOUT_MS: 500,
      TENANT_SERVICE_TIMEOUT_MS: 1500,
      REDIS_URL: 'redis://127.0.0.1:6379/0',
      REDIS_KEY_PREFIX: 'sb:genesys-webhook-service:',
      TENANT_SERVICE_URL: 'http://127.0.0.1:3009',
      AUTH_SERVICE_URL: 'http://127.0.0.1:3008',
      SERVICE_CLIENT_SECRET: DEV_SERVICE_CLIENT_SECRET,
      WEBHOOK_SECRET_CACHE_SECONDS: 60,
      WEBHOOK_SECRET_REFRESH_MIN_SECONDS: 5,
      DEDUPE_TTL_SECONDS: 86_400,
      MAX_BODY_BYTES: 1024 * 1024,
    });
  });

  it('starts in production with every required variable set', () => {
    expect(problems(productionEnv())).toEqual([]);
  });

  it.each(['RABBITMQ_URL', 'REDIS_URL', 'TENANT_SERVICE_URL', 'AUTH_SERVICE_URL', 'SERVICE_CLIENT_SECRET'])(
    'refuses to start in production without %s, naming it',
    (name) => {
      const env = productionEnv();
      delete env[name];

      expect(problems(env)).toEqual([
        expect.stringMatching(new RegExp(`^${name}: is required in production`)),
      ]);
    },
  );

  it.each([
    [
      'the development service secret',
      { SERVICE_CLIENT_SECRET: DEV_SERVICE_CLIENT_SECRET },
      /SERVICE_CLIENT_SECRET/,
    ],
    ['the guest broker account', { RABBITMQ_URL: 'amqp://guest:guest@rabbitmq:5672' }, /RABBITMQ_URL/],
  ])('refuses %s in production', (_label, override, problem) => {
    expect(problems({ ...productionEnv(), ...override })).toEqual([expect.stringMatching(problem)]);
  });

  it.each([
    ['a body limit below 1 KiB', { MAX_BODY_BYTES: '100' }, /MAX_BODY_BYTES/],
    ['a dedupe TTL below a minute', { DEDUPE_TTL_SECONDS: '10' }, /DEDUPE_TTL_SECONDS/],
    ['a key prefix without its colon', { REDIS_KEY_PREFIX: 'sb:genesys' }, /REDIS_KEY_PREFIX/],
    [
      'a publish timeout near Genesys’s own',
      { RABBITMQ_PUBLISH_TIMEOUT_MS: '9500' },
      /RABBITMQ_PUBLISH_TIMEOUT_MS/,
    ],
    [
      'timeouts that add up to Genesys’s 10 s',
      { RABBITMQ_PUBLISH_TIMEOUT_MS: '6000', TENANT_SERVICE_TIMEOUT_MS: '2000' },
      /slowest answer takes 10500 ms, more than 9000 ms/,
    ],
  ])('refuses %s anywhere', (_label, env, problem) => {
    expect(problems(env)).toEqual([expect.stringMatching(problem)]);
  });

  it('never puts a secret into a problem', () => {
    const secret = 'tiny-s3cret';
    const found = problems({ ...productionEnv(), SERVICE_CLIENT_SECRET: secret });

    expect(found).toEqual([expect.stringMatching(/^SERVICE_CLIENT_SECRET: must be at least 16/)]);
    expect(found.join()).not.toContain(secret);
  });
});
