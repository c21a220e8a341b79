import {
  ConfigValidationError,
  consumerProblems,
  consumerVars,
  booleanVar,
  intVar,
  loadConfig,
  portVar,
  rabbitMqUrlVar,
  redisKeyPrefixVar,
  redisUrlVar,
  serviceUrlVar,
  secret,
  urlVar,
  type ConfigContext,
  type NodeEnvironment,
} from '@switchboard/backend-util-config';
import { SERVICES } from '@switchboard/shared-contracts';
import { z } from 'zod';

export const SERVICE_NAME = SERVICES.GENESYS_API.name;

/** Injection token of the {@link GenesysApiServiceConfig}. */
export const GENESYS_API_SERVICE_CONFIG = Symbol('GENESYS_API_SERVICE_CONFIG');

/** Development default: public on purpose (auth-service knows it outside production), refused in production. */
export const DEV_SERVICE_CLIENT_SECRET = `dev-only-${SERVICE_NAME}-secret`;

const genesysApiServiceShape = (ctx: ConfigContext) => ({
  PORT: portVar(SERVICES.GENESYS_API.port),
  LOG_LEVEL: z.string().default('info'),
  RABBITMQ_URL: rabbitMqUrlVar(ctx),
  REDIS_URL: redisUrlVar(ctx),
  REDIS_KEY_PREFIX: redisKeyPrefixVar(`sb:${SERVICE_NAME}:`),
  AUTH_SERVICE_URL: serviceUrlVar(ctx, SERVICES.AUTH.port),
  TENANT_SERVICE_URL: serviceUrlVar(ctx, SERVICES.TENANT.port),
  /** This service's client secret at auth-service (service tokens, JWKS). */
  SERVICE_CLIENT_SECRET: secret(ctx, { devDefault: DEV_SERVICE_CLIENT_SECRET }),

  // ── Genesys Cloud ──
  /** One API base URL for every region (the simulator); unset: https://api.{region domain}. */
  GENESYS_API_BASE_URL: urlVar().optional(),
  /** Allows an http:// GENESYS_API_BASE_URL (simulator on loopback). Refused in production. */
  ALLOW_INSECURE_CLOUD_URLS: booleanVar(false),
  GENESYS_REQUEST_TIMEOUT_MS: intVar(10_000, 100, 120_000),
  /** Keep-alive connections per Genesys host. */
  GENESYS_MAX_CONNECTIONS: intVar(128, 1, 4096),
  /** Handler runs before a message that keeps failing (5xx, timeouts) is dead-lettered. */
  GENESYS_MAX_ATTEMPTS: intVar(5, 1, 100),
  GENESYS_RETRY_BASE_DELAY_MS: intVar(1_000, 0, 3_600_000),
  GENESYS_RETRY_MAX_DELAY_MS: intVar(32_000, 0, 3_600_000),
  /** Wait after a 429 without a usable Retry-After. */
  GENESYS_DEFAULT_RETRY_AFTER_SECONDS: intVar(60, 1, 3600),
  /** Longest wait spent in-process (rate limit, paused integration); longer ones go back to the queue. */
  GENESYS_MAX_INLINE_WAIT_MS: intVar(2_000, 0, 60_000),
  GENESYS_MAX_CONCURRENT_PER_TENANT: intVar(8, 1, 1000),
  /** Calls per minute per tenant token, counted in Redis across replicas (Genesys's default: 300). */
  GENESYS_RATE_LIMIT_PER_MINUTE: intVar(300, 1, 1_000_000),
  GENESYS_RATE_LIMIT_BURST: intVar(50, 1, 1_000_000),
  GENESYS_BREAKER_CONSECUTIVE_FAILURES: intVar(5, 1, 1000),
  GENESYS_BREAKER_ERROR_THRESHOLD_PERCENT: intVar(50, 1, 100),
  GENESYS_BREAKER_VOLUME_THRESHOLD: intVar(20, 1, 100_000),
  GENESYS_BREAKER_WINDOW_MS: intVar(30_000, 1_000, 3_600_000),
  GENESYS_BREAKER_RESET_TIMEOUT_MS: intVar(60_000, 100, 3_600_000),
  /** How long "Genesys accepted this WhatsApp message" is remembered (no second send on a retry). */
  GENESYS_ACCEPTED_TTL_SECONDS: intVar(86_400, 60, 30 * 86_400),

  // ── queue consumer ──
  ...consumerVars({ concurrency: 64, prefetch: 256, maxActivePerTenant: 32, maxHeldPerTenant: 64 }),
});

export type GenesysApiServiceConfig = Readonly<
  z.infer<z.ZodObject<ReturnType<typeof genesysApiServiceShape>>> & { NODE_ENV: NodeEnvironment }
>;

/**
 * Loads and checks the environment. Production refuses to start without its URLs and client
 * secret, with the broker's guest account, with ALLOW_INSECURE_CLOUD_URLS, and with an http://
 * GENESYS_API_BASE_URL (allowed elsewhere only with ALLOW_INSECURE_CLOUD_URLS), as auth-service
 * does for GENESYS_LOGIN_BASE_URL.
 */
export function loadGenesysApiServiceConfig(env: NodeJS.ProcessEnv = process.env): GenesysApiServiceConfig {
  const config = loadConfig(SERVICE_NAME, genesysApiServiceShape, env);
  const isProduction = config.NODE_ENV === 'production';
  const problems: string[] = [];
  if (isProduction && config.ALLOW_INSECURE_CLOUD_URLS) {
    problems.push('ALLOW_INSECURE_CLOUD_URLS: must not be true in production');
  }
  if (isProduction && config.GENESYS_API_BASE_URL !== undefined) {
    // One host for every region would send every tenant's Genesys token there.
    problems.push('GENESYS_API_BASE_URL: must not be set in production (each tenant goes to its region)');
  }
  if (
    config.GENESYS_API_BASE_URL !== undefined &&
    new URL(config.GENESYS_API_BASE_URL).protocol !== 'https:' &&
    !(config.ALLOW_INSECURE_CLOUD_URLS && !isProduction)
  ) {
    problems.push(
      'GENESYS_API_BASE_URL: must be https (http only with ALLOW_INSECURE_CLOUD_URLS=true, outside production)',
    );
  }
  if (config.GENESYS_RETRY_MAX_DELAY_MS < config.GENESYS_RETRY_BASE_DELAY_MS) {
    problems.push('GENESYS_RETRY_MAX_DELAY_MS: must be at least GENESYS_RETRY_BASE_DELAY_MS');
  }
  problems.push(...consumerProblems(config));
  if (problems.length > 0) throw new ConfigValidationError(SERVICE_NAME, problems);
  return config;
}
