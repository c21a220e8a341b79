import {
  ConfigValidationError,
  consumerProblems,
  consumerVars,
  booleanVar,
  intVar,
  loadConfig,
  objectStorageVars,
  portVar,
  rabbitMqUrlVar,
  redisKeyPrefixVar,
  redisUrlVar,
  serviceUrlVar,
  secret,
  type ConfigContext,
} from '@switchboard/backend-util-config';
import { parseStaticHosts } from '@switchboard/backend-util-safe-fetch';
import { SERVICES } from '@switchboard/shared-contracts';
import { z } from 'zod';

export const SERVICE_NAME = SERVICES.OUTBOUND_TRANSFORMER.name;

/** Development defaults: public on purpose, refused in production. */
export const DEV_SERVICE_CLIENT_SECRET = `dev-only-${SERVICE_NAME}-secret`;

const outboundTransformerShape = (ctx: ConfigContext) => ({
  PORT: portVar(SERVICES.OUTBOUND_TRANSFORMER.port),
  RABBITMQ_URL: rabbitMqUrlVar(ctx),
  REDIS_URL: redisUrlVar(ctx),
  REDIS_KEY_PREFIX: redisKeyPrefixVar(`sb:${SERVICE_NAME}:`),
  AUTH_SERVICE_URL: serviceUrlVar(ctx, SERVICES.AUTH.port),
  TENANT_SERVICE_URL: serviceUrlVar(ctx, SERVICES.TENANT.port),
  STATE_MANAGER_URL: serviceUrlVar(ctx, SERVICES.STATE_MANAGER.port),
  /** This service's client secret at auth-service (JWKS and service tokens). */
  SERVICE_CLIENT_SECRET: secret(ctx, { devDefault: DEV_SERVICE_CLIENT_SECRET }),

  // ── agents' attachments ──
  /**
   * NEVER IN PRODUCTION: also accepts http:// attachment URLs on loopback (the Genesys simulator
   * and test servers on 127.0.0.1). Everything else stays https to public addresses only.
   */
  MEDIA_ALLOW_HTTP_LOOPBACK: booleanVar(false),
  /**
   * NEVER IN PRODUCTION: `name=address[,address…];…` answered instead of DNS for attachment
   * hosts, so that end-to-end tests can show names resolving inside are refused (no DNS query,
   * no socket). Empty: DNS only.
   */
  MEDIA_FETCH_HOST_OVERRIDES: z.string().default(''),
  MEDIA_CONNECT_TIMEOUT_MS: intVar(5_000, 100, 60_000),
  /** One attachment download: resolution, redirects, headers and body. */
  MEDIA_FETCH_TIMEOUT_MS: intVar(30_000, 100, 600_000),
  MEDIA_MAX_REDIRECTS: intVar(3, 0, 10),
  /** Deliveries of a message whose download failed for a passing reason (timeout, 5xx) before it fails for good. */
  MEDIA_FETCH_ATTEMPTS: intVar(3, 1, 100),
  /** Attachment bytes all handlers may hold in memory at once (each download counts with its size cap). */
  MEDIA_MAX_IN_FLIGHT_BYTES: intVar(128 * 1024 * 1024, 1024 * 1024, 4 * 1024 * 1024 * 1024),
  ...objectStorageVars(ctx),

  // ── WhatsApp rules ──
  /** The customer service window (spec A6): free-form messages only this long after the customer's last message. */
  CUSTOMER_WINDOW_HOURS: intVar(24, 1, 24 * 7),
  /** A typing event older than this is not shown any more (WhatsApp shows typing for at most 25 s). */
  TYPING_MAX_AGE_MS: intVar(25_000, 1_000, 600_000),

  // ── idempotency and the queue consumer ──
  /** How long a handled Genesys message id is remembered as done. */
  IDEMPOTENCY_TTL_SECONDS: intVar(86_400, 60, 30 * 86_400),
  /** Processing lease of a claim: a consumer that dies mid-way blocks its message this long. */
  OUTBOUND_CLAIM_LEASE_MS: intVar(60_000, 1000, 3_600_000),
  ...consumerVars({ concurrency: 32, prefetch: 256, maxActivePerTenant: 16, maxHeldPerTenant: 48 }),
  /** Handler runs before an event that keeps failing (a platform service down) is dead-lettered. */
  CONSUMER_MAX_ATTEMPTS: intVar(5, 1, 100),
  /** Backoff between those runs: doubles from the base up to the maximum (with jitter). */
  CONSUMER_RETRY_BASE_DELAY_MS: intVar(1_000, 0, 3_600_000),
  CONSUMER_RETRY_MAX_DELAY_MS: intVar(32_000, 0, 3_600_000),
});

export type OutboundTransformerConfig = ReturnType<
  typeof loadConfig<ReturnType<typeof outboundTransformerShape>>
>;

/**
 * Loads and validates the configuration. Beyond the schema: production refuses
 * MEDIA_ALLOW_HTTP_LOOPBACK; the prefetch must cover the concurrency; a download that fails for
 * a passing reason must be given up (a Failed outcome) before the consumer dead-letters it.
 */
export function loadOutboundTransformerConfig(
  env: NodeJS.ProcessEnv = process.env,
): OutboundTransformerConfig {
  const config = loadConfig(SERVICE_NAME, outboundTransformerShape, env);
  const problems: string[] = [];
  if (config.NODE_ENV === 'production' && config.MEDIA_ALLOW_HTTP_LOOPBACK) {
    problems.push('MEDIA_ALLOW_HTTP_LOOPBACK: must not be true in production');
  }
  if (config.NODE_ENV === 'production' && config.MEDIA_FETCH_HOST_OVERRIDES !== '') {
    problems.push('MEDIA_FETCH_HOST_OVERRIDES: must be empty in production');
  }
  try {
    parseStaticHosts(config.MEDIA_FETCH_HOST_OVERRIDES);
  } catch (error) {
    problems.push(`MEDIA_FETCH_HOST_OVERRIDES: ${(error as Error).message}`);
  }
  problems.push(...consumerProblems(config));
  if (config.CONSUMER_RETRY_MAX_DELAY_MS < config.CONSUMER_RETRY_BASE_DELAY_MS) {
    problems.push('CONSUMER_RETRY_MAX_DELAY_MS: must be at least CONSUMER_RETRY_BASE_DELAY_MS');
  }
  if (config.MEDIA_FETCH_ATTEMPTS > config.CONSUMER_MAX_ATTEMPTS) {
    problems.push('MEDIA_FETCH_ATTEMPTS: must be at most CONSUMER_MAX_ATTEMPTS');
  }
  if (problems.length > 0) throw new ConfigValidationError(SERVICE_NAME, problems);
  return config;
}

/** Injection token of the loaded {@link OutboundTransformerConfig}. */
export const OUTBOUND_TRANSFORMER_CONFIG = Symbol('OUTBOUND_TRANSFORMER_CONFIG');
