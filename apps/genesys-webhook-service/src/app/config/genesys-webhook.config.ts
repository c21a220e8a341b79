import {
  ConfigValidationError,
  intVar,
  loadConfig,
  portVar,
  rabbitMqUrlVar,
  redisKeyPrefixVar,
  redisUrlVar,
  secret,
  serviceUrlVar,
  type ConfigContext,
} from '@switchboard/backend-util-config';
import { SERVICES } from '@switchboard/shared-contracts';

export const SERVICE_NAME = SERVICES.GENESYS_WEBHOOK.name;

/** Development default: public on purpose, refused in production. */
export const DEV_SERVICE_CLIENT_SECRET = `dev-only-${SERVICE_NAME}-secret`;

/** Genesys gives up on a webhook attempt after 10 s (spec B3). */
export const GENESYS_WEBHOOK_TIMEOUT_MS = 10_000;
/** What the slowest possible answer may take: Genesys's timeout less a second for the network. */
export const MAX_ACK_BUDGET_MS = GENESYS_WEBHOOK_TIMEOUT_MS - 1_000;

const ONE_MEBIBYTE = 1024 * 1024;
const ONE_DAY_SECONDS = 86_400;

const genesysWebhookShape = (ctx: ConfigContext) => ({
  PORT: portVar(SERVICES.GENESYS_WEBHOOK.port),
  RABBITMQ_URL: rabbitMqUrlVar(ctx),
  /** How long a publish may wait for the broker's confirmation before the webhook answers 503. */
  RABBITMQ_PUBLISH_TIMEOUT_MS: intVar(5_000, 100, 8_000),
  REDIS_URL: redisUrlVar(ctx),
  REDIS_KEY_PREFIX: redisKeyPrefixVar(`sb:${SERVICE_NAME}:`),
  /** A dedupe command without an answer after this long counts as Redis being down (the webhook is still published). */
  REDIS_COMMAND_TIMEOUT_MS: intVar(500, 50, 5_000),
  TENANT_SERVICE_URL: serviceUrlVar(ctx, SERVICES.TENANT.port),
  AUTH_SERVICE_URL: serviceUrlVar(ctx, SERVICES.AUTH.port),
  /** This service's client secret at auth-service (JWKS and service tokens). */
  SERVICE_CLIENT_SECRET: secret(ctx, { devDefault: DEV_SERVICE_CLIENT_SECRET }),
  /** Timeout of one webhook-secret request to tenant-service. */
  TENANT_SERVICE_TIMEOUT_MS: intVar(1_500, 100, 5_000),
  /** How long an integration's webhook secret (and tenant) is reused (0: fetched for every webhook). */
  WEBHOOK_SECRET_CACHE_SECONDS: intVar(60, 0, 3_600),
  /**
   * After a signature mismatch the secret is fetched again (it may have been rotated), but at
   * most once per this many seconds per integration, so that forged POSTs cannot flood tenant-service.
   */
  WEBHOOK_SECRET_REFRESH_MIN_SECONDS: intVar(5, 0, 300),
  /** How long a published Genesys message id is remembered to drop redeliveries. */
  DEDUPE_TTL_SECONDS: intVar(ONE_DAY_SECONDS, 60, 30 * ONE_DAY_SECONDS),
  /** Larger webhook bodies are refused with 413 before anything else. */
  MAX_BODY_BYTES: intVar(ONE_MEBIBYTE, 1024, 16 * ONE_MEBIBYTE),
});

export type GenesysWebhookConfig = ReturnType<typeof loadConfig<ReturnType<typeof genesysWebhookShape>>>;

/**
 * Loads and validates the configuration; production refuses missing or development secrets.
 * The slowest answer (two secret lookups, a dedupe claim and a publish) must fit in Genesys's
 * 10 s timeout with a second to spare: an answer Genesys no longer waits for is a retry.
 */
export function loadGenesysWebhookConfig(env: NodeJS.ProcessEnv = process.env): GenesysWebhookConfig {
  const config = loadConfig(SERVICE_NAME, genesysWebhookShape, env);
  const budgetMs =
    2 * config.TENANT_SERVICE_TIMEOUT_MS +
    config.REDIS_COMMAND_TIMEOUT_MS +
    config.RABBITMQ_PUBLISH_TIMEOUT_MS;
  if (budgetMs > MAX_ACK_BUDGET_MS) {
    throw new ConfigValidationError(SERVICE_NAME, [
      `RABBITMQ_PUBLISH_TIMEOUT_MS: with 2 × TENANT_SERVICE_TIMEOUT_MS and REDIS_COMMAND_TIMEOUT_MS the slowest answer takes ${budgetMs} ms, more than ${MAX_ACK_BUDGET_MS} ms (Genesys waits ${GENESYS_WEBHOOK_TIMEOUT_MS} ms)`,
    ]);
  }
  return config;
}

/** Injection token of the loaded {@link GenesysWebhookConfig}. */
export const GENESYS_WEBHOOK_CONFIG = Symbol('GENESYS_WEBHOOK_CONFIG');
