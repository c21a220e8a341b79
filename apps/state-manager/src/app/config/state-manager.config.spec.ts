import { ConfigValidationError } from '@switchboard/backend-util-config';
import { randomBytes } from 'node:crypto';
import { DEV_SERVICE_CLIENT_SECRET, loadStateManagerConfig } from './state-manager.config';

function productionEnv(): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://state:s3cret-password@db:5432/switchboard',
    REDIS_URL: 'redis://redis:6379/0',
    RABBITMQ_URL: 'amqp://state-manager:s3cret@rabbitmq:5672/switchboard',
    AUTH_SERVICE_URL: 'http://auth-service:3008',
    SERVICE_CLIENT_SECRET: randomBytes(24).toString('base64url'),
  };
}

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadStateManagerConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return [...error.problems];
    throw error;
  }
}

describe(loadStateManagerConfig.name, () => {
  it('starts outside production with the documented defaults', () => {
    const sut = loadStateManagerConfig({});

    expect(sut).toMatchObject({
      PORT: 3007,
      DATABASE_SCHEMA: 'state_manager',
      REDIS_KEY_PREFIX: 'sb:state-manager:',
      SERVICE_CLIENT_SECRET: DEV_SERVICE_CLIENT_SECRET,
      CONVERSATION_IDLE_TTL_SECONDS: 86_400,
      CONVERSATION_EXPIRY_INTERVAL_SECONDS: 300,
      LOCK_TTL_MS: 5000,
      LOCK_ATTEMPTS: 3,
      CORRELATION_CONCURRENCY: 16,
    });
  });

  it('starts in production with every required variable set', () => {
    expect(problems(productionEnv())).toEqual([]);
  });

  it.each(['DATABASE_URL', 'REDIS_URL', 'RABBITMQ_URL', 'AUTH_SERVICE_URL', 'SERVICE_CLIENT_SECRET'])(
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
    [
      'the development database password',
      { DATABASE_URL: 'postgres://switchboard:switchboard@db/x' },
      /DATABASE_URL/,
    ],
    [
      'the RabbitMQ guest account',
      { RABBITMQ_URL: 'amqp://guest:guest@rabbitmq:5672/switchboard' },
      /RABBITMQ_URL/,
    ],
  ])('refuses %s in production', (_label, override, problem) => {
    expect(problems({ ...productionEnv(), ...override })).toEqual([expect.stringMatching(problem)]);
  });

  it('refuses an expiry interval longer than the idle time it enforces', () => {
    expect(
      problems({ CONVERSATION_IDLE_TTL_SECONDS: '60', CONVERSATION_EXPIRY_INTERVAL_SECONDS: '300' }),
    ).toEqual([expect.stringMatching(/^CONVERSATION_EXPIRY_INTERVAL_SECONDS: must not exceed/)]);
  });

  it('refuses a Redis key prefix without its trailing separator', () => {
    expect(problems({ REDIS_KEY_PREFIX: 'sb:state-manager' })).toEqual([
      expect.stringMatching(/^REDIS_KEY_PREFIX: /),
    ]);
  });
});
