import {
  ConfigValidationError,
  booleanVar,
  intVar,
  loadConfig,
  portVar,
  secret,
  urlVar,
  type ConfigContext,
} from '@switchboard/backend-util-config';
import { SERVICES } from '@switchboard/shared-contracts';
import { z } from 'zod';

export const SERVICE_NAME = SERVICES.STATE_MANAGER.name;

/** Development default: public on purpose, refused in production. */
export const DEV_SERVICE_CLIENT_SECRET = 'dev-only-state-manager-secret';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const REDIS_PREFIX = /^[a-z0-9][a-z0-9:_-]*:$/;

function databaseUrlVar(ctx: ConfigContext) {
  const url = z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// URL');
  return ctx.isProduction
    ? url.refine((value) => !/:switchboard@/.test(value), 'must not use the development password')
    : url.default('postgres://switchboard:switchboard@127.0.0.1:5432/switchboard');
}

function rabbitMqUrlVar(ctx: ConfigContext) {
  const url = z.string().regex(/^amqps?:\/\/\S+$/, 'must be an amqp:// URL');
  return ctx.isProduction
    ? url.refine((value) => !/\/\/guest:guest@/.test(value), 'must not use the guest account')
    : url.default('amqp://guest:guest@127.0.0.1:5672/switchboard');
}

/** A variable that production must set and that has a (loopback) default elsewhere. */
function requiredInProduction(ctx: ConfigContext, schema: z.ZodType<string>, devDefault: string) {
  return ctx.isProduction ? schema : schema.optional().transform((value) => value ?? devDefault);
}

const stateManagerShape = (ctx: ConfigContext) => ({
  PORT: portVar(SERVICES.STATE_MANAGER.port),
  DATABASE_URL: databaseUrlVar(ctx),
  /** The service's own PostgreSQL schema (tests use a fresh one per suite). */
  DATABASE_SCHEMA: z.string().regex(SCHEMA_NAME, 'lowercase letters, digits and _').default('state_manager'),
  DATABASE_POOL_SIZE: intVar(10, 1, 200),
  /** Apply pending migrations at start (sandbox); deployments run the `migrate` target instead. */
  MIGRATE_ON_START: booleanVar(false),
  REDIS_URL: requiredInProduction(
    ctx,
    z.string().regex(/^rediss?:\/\/\S+$/, 'must be a redis:// URL'),
    'redis://127.0.0.1:6379/0',
  ),
  /** Namespace of the cache and lock keys; the expiry job's Bull keys live under `<prefix>bull`. */
  REDIS_KEY_PREFIX: z.string().regex(REDIS_PREFIX, 'lowercase, ending with ":"').default('sb:state-manager:'),
  RABBITMQ_URL: rabbitMqUrlVar(ctx),
  AUTH_SERVICE_URL: requiredInProduction(ctx, urlVar(), `http://127.0.0.1:${SERVICES.AUTH.port}`),
  /** This service's client secret at auth-service (to read its JWKS). */
  SERVICE_CLIENT_SECRET: secret(ctx, { devDefault: DEV_SERVICE_CLIENT_SECRET }),
  /** How long looked-up conversations and messages stay in Redis (PostgreSQL is the truth). */
  CACHE_TTL_SECONDS: intVar(300, 1, 86_400),
  /** Lifetime of the per-(tenant, wa_id) conversation lock. */
  LOCK_TTL_MS: intVar(5000, 100, 60_000),
  /** Attempts to take a busy lock before the message is retried later. */
  LOCK_ATTEMPTS: intVar(3, 1, 20),
  /** Pause between two attempts (plus up to as much again of jitter). */
  LOCK_RETRY_DELAY_MS: intVar(100, 1, 5000),
  /** A conversation without activity for this long is marked expired. */
  CONVERSATION_IDLE_TTL_SECONDS: intVar(86_400, 1, 30 * 86_400),
  /** How often the expiry job runs. */
  CONVERSATION_EXPIRY_INTERVAL_SECONDS: intVar(300, 1, 86_400),
  /** Conversations expired per transaction by the expiry job. */
  CONVERSATION_EXPIRY_BATCH_SIZE: intVar(500, 1, 10_000),
  /** Correlation messages handled at once by one replica. */
  CORRELATION_CONCURRENCY: intVar(16, 1, 256),
});

export type StateManagerConfig = ReturnType<typeof loadConfig<ReturnType<typeof stateManagerShape>>>;

/** Loads and validates the configuration; production refuses missing or development secrets. */
export function loadStateManagerConfig(env: NodeJS.ProcessEnv = process.env): StateManagerConfig {
  const config = loadConfig(SERVICE_NAME, stateManagerShape, env);
  if (config.CONVERSATION_EXPIRY_INTERVAL_SECONDS > config.CONVERSATION_IDLE_TTL_SECONDS) {
    throw new ConfigValidationError(SERVICE_NAME, [
      'CONVERSATION_EXPIRY_INTERVAL_SECONDS: must not exceed CONVERSATION_IDLE_TTL_SECONDS',
    ]);
  }
  return config;
}

/** Injection token of the loaded {@link StateManagerConfig}. */
export const STATE_MANAGER_CONFIG = Symbol('STATE_MANAGER_CONFIG');
