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
} from '@switchboard/backend-util-config';
import { SERVICES } from '@switchboard/shared-contracts';
import { z } from 'zod';

export const SERVICE_NAME = SERVICES.INBOUND_TRANSFORMER.name;

/** Development defaults: public on purpose, refused in production. */
export const DEV_SERVICE_CLIENT_SECRET = 'dev-only-inbound-transformer-secret';

/** Meta's media download host; the Graph API host is always allowed as well. */
export const DEFAULT_WHATSAPP_MEDIA_HOSTS = 'lookaside.fbsbx.com';

const HOST_LIST = /^[a-z0-9.-]+(:\d+)?(,[a-z0-9.-]+(:\d+)?)*$/;

const inboundTransformerShape = (ctx: ConfigContext) => ({
  PORT: portVar(SERVICES.INBOUND_TRANSFORMER.port),
  RABBITMQ_URL: rabbitMqUrlVar(ctx),
  REDIS_URL: redisUrlVar(ctx),
  REDIS_KEY_PREFIX: redisKeyPrefixVar('sb:inbound-transformer:'),
  AUTH_SERVICE_URL: serviceUrlVar(ctx, SERVICES.AUTH.port),
  TENANT_SERVICE_URL: serviceUrlVar(ctx, SERVICES.TENANT.port),
  STATE_MANAGER_URL: serviceUrlVar(ctx, SERVICES.STATE_MANAGER.port),
  /** This service's client secret at auth-service (JWKS and service tokens). */
  SERVICE_CLIENT_SECRET: secret(ctx, { devDefault: DEV_SERVICE_CLIENT_SECRET }),
  WHATSAPP_GRAPH_BASE_URL: urlVar('https://graph.facebook.com'),
  /** Pinned Graph API version (the simulator accepts any `vNN.N`). */
  WHATSAPP_GRAPH_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, 'must look like v25.0')
    .default('v25.0'),
  /** Hosts (`name` or `name:port`) media may be downloaded from, besides the Graph API host. */
  WHATSAPP_MEDIA_HOSTS: z
    .string()
    .transform((value) => value.toLowerCase().replace(/\s+/g, ''))
    .pipe(z.string().regex(HOST_LIST, 'comma-separated host names (optionally with :port)'))
    .default(DEFAULT_WHATSAPP_MEDIA_HOSTS),
  /** Allows http:// Graph and media URLs (the simulator on loopback). Refused in production. */
  ALLOW_INSECURE_CLOUD_URLS: booleanVar(false),
  GRAPH_TIMEOUT_MS: intVar(10_000, 100, 120_000),
  MEDIA_DOWNLOAD_TIMEOUT_MS: intVar(60_000, 100, 600_000),
  /** Media bytes all handlers may hold in memory at once (each file counts with its size cap). */
  MEDIA_MAX_IN_FLIGHT_BYTES: intVar(128 * 1024 * 1024, 1024 * 1024, 4 * 1024 * 1024 * 1024),
  ...objectStorageVars(ctx),
  /**
   * Public address of the same storage, when S3_ENDPOINT is only reachable inside the cluster:
   * Genesys fetches the presigned URLs, which are signed for this host.
   */
  S3_PUBLIC_ENDPOINT: urlVar().optional(),
  /** Validity of the presigned GET URLs handed to Genesys (S3 allows at most 7 days). */
  MEDIA_URL_TTL_SECONDS: intVar(3600, 60, 7 * 86_400),
  /** How long a handled wamid (or wamid + status) is remembered as done. */
  IDEMPOTENCY_TTL_SECONDS: intVar(86_400, 60, 30 * 86_400),
  /** Processing lease of a claim: a consumer that dies mid-way blocks its message this long. */
  INBOUND_CLAIM_LEASE_MS: intVar(60_000, 1000, 3_600_000),
  /** A status for a wamid state-manager does not track yet is retried this often, then dead-lettered. */
  UNTRACKED_STATUS_RETRIES: intVar(5, 0, 100),
  UNTRACKED_STATUS_RETRY_DELAY_MS: intVar(2000, 100, 600_000),
  ...consumerVars({ concurrency: 32, prefetch: 256, maxActivePerTenant: 16, maxHeldPerTenant: 48 }),
});

export type InboundTransformerConfig = ReturnType<
  typeof loadConfig<ReturnType<typeof inboundTransformerShape>>
> & {
  /** Hosts media downloads may go to: WHATSAPP_MEDIA_HOSTS plus the Graph API host. */
  readonly mediaHosts: readonly string[];
};

/**
 * Loads and validates the configuration. Beyond the schema: production refuses insecure cloud
 * URLs; an http Graph URL needs ALLOW_INSECURE_CLOUD_URLS (never in production); the prefetch
 * must cover the concurrency.
 */
export function loadInboundTransformerConfig(env: NodeJS.ProcessEnv = process.env): InboundTransformerConfig {
  const config = loadConfig(SERVICE_NAME, inboundTransformerShape, env);
  const problems: string[] = [];
  const isProduction = config.NODE_ENV === 'production';
  if (isProduction && config.ALLOW_INSECURE_CLOUD_URLS) {
    problems.push('ALLOW_INSECURE_CLOUD_URLS: must not be true in production');
  }
  const graphUrl = new URL(config.WHATSAPP_GRAPH_BASE_URL);
  if (graphUrl.protocol !== 'https:' && !(config.ALLOW_INSECURE_CLOUD_URLS && !isProduction)) {
    problems.push(
      'WHATSAPP_GRAPH_BASE_URL: must be https (http only with ALLOW_INSECURE_CLOUD_URLS=true, outside production)',
    );
  }
  problems.push(...consumerProblems(config));
  if (problems.length > 0) throw new ConfigValidationError(SERVICE_NAME, problems);
  const mediaHosts = [...new Set([graphUrl.host.toLowerCase(), ...config.WHATSAPP_MEDIA_HOSTS.split(',')])];
  return Object.freeze({ ...config, mediaHosts });
}

/** Injection token of the loaded {@link InboundTransformerConfig}. */
export const INBOUND_TRANSFORMER_CONFIG = Symbol('INBOUND_TRANSFORMER_CONFIG');
