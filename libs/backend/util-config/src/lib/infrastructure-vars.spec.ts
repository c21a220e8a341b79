import { z } from 'zod';
import {
  LOCAL_DATABASE_URL,
  LOCAL_RABBITMQ_URL,
  LOCAL_REDIS_URL,
  databaseUrlVar,
  rabbitMqUrlVar,
  redisKeyPrefixVar,
  redisUrlVar,
  schemaNameVar,
  serviceUrlVar,
} from './infrastructure-vars';

const development = { isProduction: false };
const production = { isProduction: true };

describe('infrastructure variables', () => {
  it('default to the local services outside production, all on the switchboard vhost', () => {
    const sut = z.object({
      DATABASE_URL: databaseUrlVar(development),
      REDIS_URL: redisUrlVar(development),
      RABBITMQ_URL: rabbitMqUrlVar(development),
      AUTH_SERVICE_URL: serviceUrlVar(development, 3008),
    });

    expect(sut.parse({})).toEqual({
      DATABASE_URL: LOCAL_DATABASE_URL,
      REDIS_URL: LOCAL_REDIS_URL,
      RABBITMQ_URL: LOCAL_RABBITMQ_URL,
      AUTH_SERVICE_URL: 'http://127.0.0.1:3008',
    });
    expect(new URL(LOCAL_RABBITMQ_URL).pathname).toBe('/switchboard');
  });

  it('must be set in production', () => {
    for (const schema of [
      databaseUrlVar(production),
      redisUrlVar(production),
      rabbitMqUrlVar(production),
      serviceUrlVar(production, 1),
    ]) {
      expect(schema.safeParse(undefined).success).toBe(false);
    }
  });

  it('refuses the development accounts in production', () => {
    expect(rabbitMqUrlVar(production).safeParse(LOCAL_RABBITMQ_URL).success).toBe(false);
    expect(databaseUrlVar(production).safeParse(LOCAL_DATABASE_URL).success).toBe(false);
    expect(
      rabbitMqUrlVar(production).safeParse('amqps://sb:s3cret-and-long@mq.internal/switchboard').success,
    ).toBe(true);
  });

  it('refuses URLs of the wrong kind', () => {
    expect(rabbitMqUrlVar(development).safeParse('http://127.0.0.1:5672').success).toBe(false);
    expect(redisUrlVar(development).safeParse('postgres://x').success).toBe(false);
    expect(serviceUrlVar(development, 1).safeParse('ftp://x').success).toBe(false);
  });

  it('checks schema names and key prefixes', () => {
    expect(schemaNameVar('state_manager').parse(undefined)).toBe('state_manager');
    expect(schemaNameVar('x').safeParse('Drop; Table').success).toBe(false);
    expect(redisKeyPrefixVar('sb:x:').parse(undefined)).toBe('sb:x:');
    expect(redisKeyPrefixVar('sb:x:').safeParse('sb:x').success).toBe(false);
  });
});
