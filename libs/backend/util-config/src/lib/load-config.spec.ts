import { z } from 'zod';
import { ConfigValidationError, booleanVar, loadConfig, portVar, secret, urlVar } from './load-config';

const shape = (ctx: { isProduction: boolean }) => ({
  PORT: portVar(3000),
  WEBHOOK_SECRET: secret(ctx, { devDefault: 'sandbox-webhook-secret' }),
  GRAPH_API_BASE_URL: urlVar('https://graph.facebook.com'),
  SANDBOX: booleanVar(false),
  REGION: z.string().min(1),
});

describe(loadConfig.name, () => {
  it('returns typed values with defaults outside production', () => {
    const sut = loadConfig('svc', shape, { REGION: 'eu-west-1' });
    expect(sut).toMatchObject({
      PORT: 3000,
      WEBHOOK_SECRET: 'sandbox-webhook-secret',
      SANDBOX: false,
      NODE_ENV: 'development',
    });
  });

  it('names a missing variable', () => {
    expect(() => loadConfig('svc', shape, {})).toThrow(/REGION: is required/);
  });

  it('names an invalid variable and says why', () => {
    expect(() => loadConfig('svc', shape, { REGION: 'x', PORT: '99999' })).toThrow(/PORT: .*65535/);
    expect(() => loadConfig('svc', shape, { REGION: 'x', GRAPH_API_BASE_URL: 'ftp://x' })).toThrow(
      /GRAPH_API_BASE_URL: must be an http\(s\) URL/,
    );
  });

  it('refuses a missing secret in production', () => {
    expect(() => loadConfig('svc', shape, { NODE_ENV: 'production', REGION: 'x' })).toThrow(
      /WEBHOOK_SECRET: is required in production/,
    );
  });

  it('refuses the development default and weak secrets in production', () => {
    const env = { NODE_ENV: 'production', REGION: 'x' };
    expect(() => loadConfig('svc', shape, { ...env, WEBHOOK_SECRET: 'sandbox-webhook-secret' })).toThrow(
      /must not be the development default/,
    );
    expect(() => loadConfig('svc', shape, { ...env, WEBHOOK_SECRET: 'short' })).toThrow(/at least 16/);
  });

  it.each([
    'please-change-me-before-going-live',
    'your_secret_here_1234567',
    'example-webhook-secret-value',
    'xxxxxxxxxxxxxxxxxxxxxxxx',
  ])('refuses the weak value %p in production, however long', (value) => {
    expect(() =>
      loadConfig('svc', shape, { NODE_ENV: 'production', REGION: 'x', WEBHOOK_SECRET: value }),
    ).toThrow(/WEBHOOK_SECRET: is a well-known weak value/);
  });

  it('accepts a strong secret in production', () => {
    const sut = loadConfig('svc', shape, {
      NODE_ENV: 'production',
      REGION: 'x',
      WEBHOOK_SECRET: 'a-strong-secret-of-32-characters!',
    });
    expect(sut.WEBHOOK_SECRET).toBe('a-strong-secret-of-32-characters!');
  });

  it('lists every problem at once', () => {
    try {
      loadConfig('svc', shape, { NODE_ENV: 'production', PORT: 'abc' });
      throw new Error('expected a ConfigValidationError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigValidationError);
      const problems = (error as ConfigValidationError).problems.join('\n');
      expect(problems).toMatch(/PORT/);
      expect(problems).toMatch(/WEBHOOK_SECRET/);
      expect(problems).toMatch(/REGION/);
    }
  });

  it('refuses an unknown NODE_ENV', () => {
    expect(() => loadConfig('svc', shape, { NODE_ENV: 'staging', REGION: 'x' })).toThrow(/NODE_ENV/);
  });
});
