import {
  ConfigValidationError,
  booleanVar,
  intVar,
  loadConfig,
  portVar,
  secret,
  urlVar,
  type ConfigContext,
  type NodeEnvironment,
} from '@switchboard/backend-util-config';
import { SERVICES } from '@switchboard/shared-contracts';
import { z } from 'zod';
import { serviceClientSecretsVar } from './service-client-secrets.util';
import { signingKeysVar } from './signing-keys.util';

export const SERVICE_NAME = SERVICES.AUTH.name;

/** Injection token of the {@link AuthServiceConfig}. */
export const AUTH_SERVICE_CONFIG = Symbol('AUTH_SERVICE_CONFIG');

export const DEFAULT_DATABASE_URL = 'postgres://switchboard:switchboard@127.0.0.1:5432/switchboard';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379/0';
export const DEFAULT_SCHEMA = 'auth_service';
export const DEFAULT_REDIS_KEY_PREFIX = 'sb:auth-service:';

/** A URL of our own infrastructure: a development default, required in production. */
function infrastructureUrl(ctx: ConfigContext, devDefault: string) {
  const url = z.string().min(1);
  return ctx.isProduction ? url : url.default(devDefault);
}

/** A peer service's base URL: http(s); loopback default outside production, required in production. */
function peerServiceUrl(ctx: ConfigContext, devDefault: string) {
  return ctx.isProduction ? urlVar() : urlVar(devDefault);
}

/** A ratio strictly between 0 and 1. */
function ratioVar(defaultValue: number) {
  return z.coerce.number().gt(0).lt(1).default(defaultValue);
}

export function authServiceConfigShape(ctx: ConfigContext) {
  return {
    PORT: portVar(SERVICES.AUTH.port),
    LOG_LEVEL: z.string().default('info'),
    DATABASE_URL: infrastructureUrl(ctx, DEFAULT_DATABASE_URL),
    DATABASE_SCHEMA: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lowercase letters, digits and _ only')
      .default(DEFAULT_SCHEMA),
    REDIS_URL: infrastructureUrl(ctx, DEFAULT_REDIS_URL),
    REDIS_KEY_PREFIX: z
      .string()
      .regex(/^[a-z0-9][a-z0-9:_-]*:$/, 'lowercase, ending with ":"')
      .default(DEFAULT_REDIS_KEY_PREFIX),
    /** Express `trust proxy`: whose X-Forwarded-For is believed (the gateway's). */
    TRUST_PROXY: z.string().min(1).default('loopback,uniquelocal'),

    // ── platform tokens ──
    AUTH_SIGNING_KEYS: signingKeysVar(ctx),
    ACCESS_TOKEN_TTL_SECONDS: intVar(900, 60, 3600),
    SERVICE_TOKEN_TTL_SECONDS: intVar(300, 30, 3600),
    SERVICE_CLIENT_SECRETS: serviceClientSecretsVar(ctx),

    // ── user sessions ──
    REFRESH_TOKEN_TTL_SECONDS: intVar(14 * 24 * 3600, 300, 90 * 24 * 3600),
    REFRESH_SESSION_MAX_SECONDS: intVar(30 * 24 * 3600, 300, 365 * 24 * 3600),
    REFRESH_COOKIE_PATH: z.string().startsWith('/').default('/api/auth'),
    LOGIN_MAX_FAILURES_PER_EMAIL_AND_IP: intVar(5, 1, 1000),
    LOGIN_MAX_FAILURES_PER_IP: intVar(100, 1, 100_000),
    LOGIN_FAILURE_WINDOW_SECONDS: intVar(900, 1, 24 * 3600),
    BOOTSTRAP_ADMIN_EMAIL: z.email().optional(),
    BOOTSTRAP_ADMIN_PASSWORD: secret(ctx, { minLength: 16 }).optional(),

    // ── tenant-service (token broker credentials, tenant status at login and refresh) ──
    TENANT_SERVICE_URL: peerServiceUrl(ctx, `http://127.0.0.1:${SERVICES.TENANT.port}`),
    /** How long an "active" answer of tenant-service is trusted (0: ask at every login and refresh). */
    TENANT_STATUS_CACHE_SECONDS: intVar(30, 0, 300),
    TENANT_STATUS_TIMEOUT_MS: intVar(3000, 100, 30_000),

    // ── token broker ──
    /** One login base URL for every Genesys region (the simulator); unset: https://login.{region domain}. */
    GENESYS_LOGIN_BASE_URL: urlVar().optional(),
    ALLOW_INSECURE_CLOUD_URLS: booleanVar(false),
    CLOUD_TOKEN_RENEW_RATIO: ratioVar(0.8),
    CLOUD_TOKEN_LOCK_MS: intVar(30_000, 1000, 300_000),
    CLOUD_TOKEN_WAIT_MS: intVar(15_000, 100, 300_000),
    CLOUD_TOKEN_UPSTREAM_TIMEOUT_MS: intVar(10_000, 100, 120_000),
    WHATSAPP_TOKEN_CACHE_SECONDS: intVar(3600, 10, 7 * 24 * 3600),
  };
}

export type AuthServiceConfig = Readonly<
  z.infer<z.ZodObject<ReturnType<typeof authServiceConfigShape>>> & { NODE_ENV: NodeEnvironment }
>;

/**
 * Loads and checks auth-service's environment. Production refuses to start without signing
 * keys and service client secrets, with development defaults, with ALLOW_INSECURE_CLOUD_URLS,
 * and with an http:// cloud URL unless insecure URLs are allowed (never in production).
 */
export function loadAuthServiceConfig(env: NodeJS.ProcessEnv = process.env): AuthServiceConfig {
  const config = loadConfig(SERVICE_NAME, authServiceConfigShape, env);
  const problems: string[] = [];
  if (config.NODE_ENV === 'production' && config.ALLOW_INSECURE_CLOUD_URLS) {
    problems.push('ALLOW_INSECURE_CLOUD_URLS: must not be true in production');
  }
  if (
    config.GENESYS_LOGIN_BASE_URL?.startsWith('http://') &&
    !(config.ALLOW_INSECURE_CLOUD_URLS && config.NODE_ENV !== 'production')
  ) {
    problems.push(
      'GENESYS_LOGIN_BASE_URL: must be https (http only with ALLOW_INSECURE_CLOUD_URLS=true, outside production)',
    );
  }
  if (config.BOOTSTRAP_ADMIN_PASSWORD !== undefined && config.BOOTSTRAP_ADMIN_EMAIL === undefined) {
    problems.push('BOOTSTRAP_ADMIN_EMAIL: is required when BOOTSTRAP_ADMIN_PASSWORD is set');
  }
  if (config.BOOTSTRAP_ADMIN_EMAIL !== undefined && config.BOOTSTRAP_ADMIN_PASSWORD === undefined) {
    problems.push('BOOTSTRAP_ADMIN_PASSWORD: is required when BOOTSTRAP_ADMIN_EMAIL is set');
  }
  if (config.REFRESH_SESSION_MAX_SECONDS < config.REFRESH_TOKEN_TTL_SECONDS) {
    problems.push('REFRESH_SESSION_MAX_SECONDS: must be at least REFRESH_TOKEN_TTL_SECONDS');
  }
  if (problems.length > 0) throw new ConfigValidationError(SERVICE_NAME, problems);
  return config;
}
