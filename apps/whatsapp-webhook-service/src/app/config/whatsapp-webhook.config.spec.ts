import { ConfigValidationError } from '@switchboard/backend-util-config';
import { randomBytes } from 'node:crypto';
import {
  DEV_META_APP_SECRET,
  DEV_SERVICE_CLIENT_SECRET,
  DEV_WHATSAPP_VERIFY_TOKEN,
  loadWhatsAppWebhookConfig,
} from './whatsapp-webhook.config';

const strong = () => randomBytes(24).toString('base64url');

function productionEnv(): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'production',
    RABBITMQ_URL: 'amqp://webhook:s3cret-password@rabbitmq:5672/switchboard',
    META_APP_SECRET: strong(),
    WHATSAPP_VERIFY_TOKEN: strong(),
    TENANT_SERVICE_URL: 'http://tenant-service:3009',
    AUTH_SERVICE_URL: 'http://auth-service:3008',
    SERVICE_CLIENT_SECRET: strong(),
  };
}

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadWhatsAppWebhookConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return [...error.problems];
    throw error;
  }
}

describe(loadWhatsAppWebhookConfig.name, () => {
  it('starts outside production with the sandbox defaults', () => {
    expect(loadWhatsAppWebhookConfig({})).toMatchObject({
      PORT: 3001,
      RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:5672/switchboard',
      META_APP_SECRET: DEV_META_APP_SECRET,
      WHATSAPP_VERIFY_TOKEN: DEV_WHATSAPP_VERIFY_TOKEN,
      TENANT_SERVICE_URL: 'http://127.0.0.1:3009',
      AUTH_SERVICE_URL: 'http://127.0.0.1:3008',
      SERVICE_CLIENT_SECRET: DEV_SERVICE_CLIENT_SECRET,
      TENANT_LOOKUP_TTL_SECONDS: 60,
      MAX_BODY_BYTES: 1024 * 1024,
    });
  });

  it('starts in production with every variable set', () => {
    expect(problems(productionEnv())).toEqual([]);
  });

  it.each([
    'RABBITMQ_URL',
    'META_APP_SECRET',
    'WHATSAPP_VERIFY_TOKEN',
    'TENANT_SERVICE_URL',
    'AUTH_SERVICE_URL',
    'SERVICE_CLIENT_SECRET',
  ])('refuses to start in production without %s, naming it', (name) => {
    const env = productionEnv();
    delete env[name];

    expect(problems(env)).toEqual([expect.stringMatching(new RegExp(`^${name}: is required in production`))]);
  });

  it.each([
    ['the sandbox app secret', { META_APP_SECRET: DEV_META_APP_SECRET }, /META_APP_SECRET/],
    [
      'the sandbox verify token',
      { WHATSAPP_VERIFY_TOKEN: DEV_WHATSAPP_VERIFY_TOKEN },
      /WHATSAPP_VERIFY_TOKEN/,
    ],
    [
      'a short verify token',
      { WHATSAPP_VERIFY_TOKEN: 'short' },
      /WHATSAPP_VERIFY_TOKEN: must be at least 16/,
    ],
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
    [
      'a broker URL that is not amqp',
      { RABBITMQ_URL: 'http://rabbitmq' },
      /RABBITMQ_URL: must be an amqp:\/\/ URL/,
    ],
  ])('refuses %s anywhere', (_label, env, problem) => {
    expect(problems(env)).toEqual([expect.stringMatching(problem)]);
  });

  it('never puts a secret into a problem', () => {
    const secret = 'tiny-s3cret';
    const found = problems({ ...productionEnv(), META_APP_SECRET: secret });

    expect(found).toEqual([expect.stringMatching(/^META_APP_SECRET: must be at least 16/)]);
    expect(found.join()).not.toContain(secret);
  });
});
