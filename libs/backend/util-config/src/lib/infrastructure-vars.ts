import { z } from 'zod';
import type { ConfigContext } from './load-config';

// Variables every backend service reads the same way: where PostgreSQL, Redis, RabbitMQ and the
// other services are. Outside production they default to this machine's local services (the
// ones tools/infra sets up); production must set them and may not use the development accounts.

export const LOCAL_DATABASE_URL = 'postgres://switchboard:switchboard@127.0.0.1:5432/switchboard';
export const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379/0';
/** The `switchboard` vhost tools/infra creates: every service must use the same one. */
export const LOCAL_RABBITMQ_URL = 'amqp://guest:guest@127.0.0.1:5672/switchboard';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const REDIS_KEY_PREFIX = /^[a-z0-9][a-z0-9:_-]*:$/;

/** A variable that production must set and that has a loopback default elsewhere. */
export function requiredInProduction(ctx: ConfigContext, schema: z.ZodType<string>, devDefault: string) {
  return ctx.isProduction ? schema : schema.optional().transform((value) => value ?? devDefault);
}

export function databaseUrlVar(ctx: ConfigContext) {
  const url = z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// URL');
  return ctx.isProduction
    ? url.refine((value) => !/:switchboard@/.test(value), 'must not use the development password')
    : url.default(LOCAL_DATABASE_URL);
}

export function rabbitMqUrlVar(ctx: ConfigContext) {
  const url = z.string().regex(/^amqps?:\/\/\S+$/, 'must be an amqp:// URL');
  return ctx.isProduction
    ? url.refine((value) => !/\/\/guest:guest@/.test(value), 'must not use the guest account in production')
    : url.default(LOCAL_RABBITMQ_URL);
}

export function redisUrlVar(ctx: ConfigContext) {
  return requiredInProduction(
    ctx,
    z.string().regex(/^rediss?:\/\/\S+$/, 'must be a redis:// URL'),
    LOCAL_REDIS_URL,
  );
}

/** The service's own PostgreSQL schema (tests use a fresh one per suite). */
export function schemaNameVar(defaultSchema: string) {
  return z.string().regex(SCHEMA_NAME, 'lowercase letters, digits and _').default(defaultSchema);
}

/** Prefix of all the service's Redis keys, e.g. `sb:state-manager:`. */
export function redisKeyPrefixVar(defaultPrefix: string) {
  return z.string().regex(REDIS_KEY_PREFIX, 'lowercase, ending with ":"').default(defaultPrefix);
}

/** Base URL of another Switchboard service: required in production, its local port elsewhere. */
export function serviceUrlVar(ctx: ConfigContext, localPort: number) {
  return requiredInProduction(
    ctx,
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
    `http://127.0.0.1:${localPort}`,
  );
}
