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
  urlVar,
  type ConfigContext,
  type NodeEnvironment,
} from '@switchboard/backend-util-config';
import { SERVICES } from '@switchboard/shared-contracts';
import { z } from 'zod';

export const SERVICE_NAME = SERVICES.WHATSAPP_API.name;

/** Injection token of the {@link WhatsAppApiServiceConfig}. */
export const WHATSAPP_API_SERVICE_CONFIG = Symbol('WHATSAPP_API_SERVICE_CONFIG');

/** Development default: public on purpose (auth-service knows it outside production), refused in production. */
export const DEV_SERVICE_CLIENT_SECRET = `dev-only-${SERVICE_NAME}-secret`;

/** The one Graph API host production may send tenants' tokens to. */
export const META_GRAPH_BASE_URL = 'https://graph.facebook.com';

/** WhatsApp's throughput tier ceiling (spec A6): a number never goes faster than this. */
export const MAX_MESSAGES_PER_SECOND = 1_000;

const DAY_SECONDS = 86_400;

const whatsAppApiServiceShape = (ctx: ConfigContext) => ({
  PORT: portVar(SERVICES.WHATSAPP_API.port),
  LOG_LEVEL: z.string().default('info'),
  RABBITMQ_URL: rabbitMqUrlVar(ctx),
  REDIS_URL: redisUrlVar(ctx),
  REDIS_KEY_PREFIX: redisKeyPrefixVar(`sb:${SERVICE_NAME}:`),
  AUTH_SERVICE_URL: serviceUrlVar(ctx, SERVICES.AUTH.port),
  TENANT_SERVICE_URL: serviceUrlVar(ctx, SERVICES.TENANT.port),
  STATE_MANAGER_URL: serviceUrlVar(ctx, SERVICES.STATE_MANAGER.port),
  /** This service's client secret at auth-service (service tokens, JWKS). */
  SERVICE_CLIENT_SECRET: secret(ctx, { devDefault: DEV_SERVICE_CLIENT_SECRET }),

  // ── WhatsApp Cloud API (names shared with inbound-transformer) ──
  WHATSAPP_GRAPH_BASE_URL: urlVar(META_GRAPH_BASE_URL),
  /** Pinned Graph API version (spec A3). */
  WHATSAPP_GRAPH_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, 'must look like v25.0')
    .default('v25.0'),
  /** Allows an http:// WHATSAPP_GRAPH_BASE_URL (the simulator on loopback). Refused in production. */
  ALLOW_INSECURE_CLOUD_URLS: booleanVar(false),
  /** Whole exchange of a send or typing request. */
  WHATSAPP_REQUEST_TIMEOUT_MS: intVar(10_000, 100, 120_000),
  /** Whole exchange of a media upload (documents reach 100 MB). */
  WHATSAPP_UPLOAD_TIMEOUT_MS: intVar(120_000, 1_000, 900_000),
  /** Keep-alive connections to the Graph API host. */
  WHATSAPP_MAX_CONNECTIONS: intVar(128, 1, 4096),
  /** Handler runs before a message that keeps failing (5xx, timeouts, 130429/131000/131016/131057) is dead-lettered. */
  WHATSAPP_MAX_ATTEMPTS: intVar(5, 1, 100),
  WHATSAPP_RETRY_BASE_DELAY_MS: intVar(1_000, 0, 3_600_000),
  WHATSAPP_RETRY_MAX_DELAY_MS: intVar(60_000, 0, 3_600_000),
  /** Waits (rate limits, open breaker) one message may take before it fails and is dead-lettered. */
  WHATSAPP_MAX_DEFERRALS: intVar(10_000, 1, 1_000_000),
  /** Wait after 4 / 80007 / a 429 without a usable Retry-After. */
  WHATSAPP_DEFAULT_RETRY_AFTER_SECONDS: intVar(60, 1, 3_600),
  /** Longest wait spent in-process (send rate, pauses); longer ones go back to the queue. */
  WHATSAPP_MAX_INLINE_WAIT_MS: intVar(2_000, 0, 60_000),
  /**
   * Messages per second per phone number, counted in Redis across replicas (WhatsApp's default
   * tier: 80). A number whose throughput tier (tenant-service) is lower goes at its tier.
   */
  WHATSAPP_RATE_LIMIT_PER_SECOND: intVar(80, 1, MAX_MESSAGES_PER_SECOND),
  /** 131056 answers in a row for one customer before the message fails (waits 1, 4, 16, … s). */
  WHATSAPP_PAIR_RATE_MAX_RETRIES: intVar(6, 0, 10),
  WHATSAPP_BREAKER_CONSECUTIVE_FAILURES: intVar(5, 1, 1000),
  WHATSAPP_BREAKER_ERROR_THRESHOLD_PERCENT: intVar(50, 1, 100),
  WHATSAPP_BREAKER_VOLUME_THRESHOLD: intVar(20, 1, 100_000),
  WHATSAPP_BREAKER_WINDOW_MS: intVar(30_000, 1_000, 3_600_000),
  WHATSAPP_BREAKER_RESET_TIMEOUT_MS: intVar(60_000, 100, 3_600_000),
  /** How long "part N of this Genesys message was sent (wamid)" is remembered: no second send on a retry. */
  WHATSAPP_SENT_RECORD_TTL_SECONDS: intVar(7 * DAY_SECONDS, DAY_SECONDS, 30 * DAY_SECONDS),
  /** How long an uploaded media id is reused; WhatsApp keeps uploads 30 days (spec A4). */
  WHATSAPP_MEDIA_ID_TTL_SECONDS: intVar(29 * DAY_SECONDS, 60, 30 * DAY_SECONDS - 1),

  // ── object storage (the agents' attachments stored by outbound-transformer) ──
  ...objectStorageVars(ctx),

  // ── queue consumer ──
  ...consumerVars({ concurrency: 64, prefetch: 256, maxActivePerTenant: 32, maxHeldPerTenant: 64 }),
});

export type WhatsAppApiServiceConfig = Readonly<
  z.infer<z.ZodObject<ReturnType<typeof whatsAppApiServiceShape>>> & { NODE_ENV: NodeEnvironment }
>;

function sameOrigin(url: string, expected: string): boolean {
  const parsed = new URL(url);
  return parsed.origin === new URL(expected).origin && /^\/*$/.test(parsed.pathname);
}

/**
 * Loads and checks the environment. Production refuses to start without its URLs and secrets,
 * with the broker's guest account, with ALLOW_INSECURE_CLOUD_URLS, and with any Graph API host
 * but Meta's (every tenant's WhatsApp token goes there). Elsewhere an http:// Graph URL (the
 * simulator) needs ALLOW_INSECURE_CLOUD_URLS.
 */
export function loadWhatsAppApiServiceConfig(env: NodeJS.ProcessEnv = process.env): WhatsAppApiServiceConfig {
  const config = loadConfig(SERVICE_NAME, whatsAppApiServiceShape, env);
  const isProduction = config.NODE_ENV === 'production';
  const problems: string[] = [];
  if (isProduction && config.ALLOW_INSECURE_CLOUD_URLS) {
    problems.push('ALLOW_INSECURE_CLOUD_URLS: must not be true in production');
  }
  if (isProduction && !sameOrigin(config.WHATSAPP_GRAPH_BASE_URL, META_GRAPH_BASE_URL)) {
    problems.push(
      `WHATSAPP_GRAPH_BASE_URL: must be ${META_GRAPH_BASE_URL} in production (every tenant's token is sent there)`,
    );
  }
  if (
    new URL(config.WHATSAPP_GRAPH_BASE_URL).protocol !== 'https:' &&
    !(config.ALLOW_INSECURE_CLOUD_URLS && !isProduction)
  ) {
    problems.push(
      'WHATSAPP_GRAPH_BASE_URL: must be https (http only with ALLOW_INSECURE_CLOUD_URLS=true, outside production)',
    );
  }
  if (config.WHATSAPP_RETRY_MAX_DELAY_MS < config.WHATSAPP_RETRY_BASE_DELAY_MS) {
    problems.push('WHATSAPP_RETRY_MAX_DELAY_MS: must be at least WHATSAPP_RETRY_BASE_DELAY_MS');
  }
  problems.push(...consumerProblems(config));
  if (problems.length > 0) throw new ConfigValidationError(SERVICE_NAME, problems);
  return config;
}
