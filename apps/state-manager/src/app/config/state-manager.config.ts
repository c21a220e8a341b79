import {
  ConfigValidationError,
  booleanVar,
  databaseUrlVar,
  intVar,
  loadConfig,
  portVar,
  rabbitMqUrlVar,
  redisKeyPrefixVar,
  redisUrlVar,
  schemaNameVar,
  secret,
  serviceUrlVar,
  type ConfigContext,
} from '@switchboard/backend-util-config';
import { SERVICES } from '@switchboard/shared-contracts';

export const SERVICE_NAME = SERVICES.STATE_MANAGER.name;

/** Development default: public on purpose, refused in production. */
export const DEV_SERVICE_CLIENT_SECRET = 'dev-only-state-manager-secret';

const stateManagerShape = (ctx: ConfigContext) => ({
  PORT: portVar(SERVICES.STATE_MANAGER.port),
  DATABASE_URL: databaseUrlVar(ctx),
  DATABASE_SCHEMA: schemaNameVar('state_manager'),
  DATABASE_POOL_SIZE: intVar(10, 1, 200),
  /** Apply pending migrations at start (sandbox); deployments run the `migrate` target instead. */
  MIGRATE_ON_START: booleanVar(false),
  REDIS_URL: redisUrlVar(ctx),
  /** Namespace of the cache and lock keys; the expiry job's Bull keys live under `<prefix>bull`. */
  REDIS_KEY_PREFIX: redisKeyPrefixVar('sb:state-manager:'),
  RABBITMQ_URL: rabbitMqUrlVar(ctx),
  AUTH_SERVICE_URL: serviceUrlVar(ctx, SERVICES.AUTH.port),
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
