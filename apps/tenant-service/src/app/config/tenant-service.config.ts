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
import { parseEncryptionKeys } from '../crypto/encryption-keys.util';

export const SERVICE_NAME = SERVICES.TENANT.name;

/** Development defaults: public on purpose, refused in production. */
export const DEV_SERVICE_CLIENT_SECRET = 'dev-only-tenant-service-secret';
export const DEV_ENCRYPTION_KEY_ID = 'dev-1';
export const DEV_ENCRYPTION_KEYS = `${DEV_ENCRYPTION_KEY_ID}:kjRheX0ClZEkst4aMVDgJbcAz3MuNCZf43Uonuqk8Wc=`;
export const DEV_FINGERPRINT_KEY = 'dev-only-tenant-service-fingerprint-key';
/** The WhatsApp simulator's defaults (APP_ID, APP_SECRET), so that the sandbox works unconfigured. */
export const DEV_META_APP_ID = '900000000000001';
export const DEV_META_APP_SECRET = 'sandbox-meta-app-secret';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const REDIS_PREFIX = /^[a-z0-9][a-z0-9:_-]*:$/;

function databaseUrlVar(ctx: ConfigContext) {
  const url = z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// URL');
  return ctx.isProduction
    ? url.refine((value) => !/:switchboard@/.test(value), 'must not use the development password')
    : url.default('postgres://switchboard:switchboard@127.0.0.1:5432/switchboard');
}

/** A variable that production must set and that has a (loopback) default elsewhere. */
function requiredInProduction(ctx: ConfigContext, schema: z.ZodType<string>, devDefault: string) {
  return ctx.isProduction ? schema : schema.optional().transform((value) => value ?? devDefault);
}

const tenantServiceShape = (ctx: ConfigContext) => ({
  PORT: portVar(SERVICES.TENANT.port),
  DATABASE_URL: databaseUrlVar(ctx),
  /** The service's own PostgreSQL schema (tests use a fresh one per suite). */
  DATABASE_SCHEMA: z.string().regex(SCHEMA_NAME, 'lowercase letters, digits and _').default('tenant_service'),
  DATABASE_POOL_SIZE: intVar(10, 1, 200),
  /** Apply pending migrations at start (sandbox); deployments run the `migrate` target instead. */
  MIGRATE_ON_START: booleanVar(false),
  REDIS_URL: requiredInProduction(
    ctx,
    z.string().regex(/^rediss?:\/\/\S+$/, 'must be a redis:// URL'),
    'redis://127.0.0.1:6379/0',
  ),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(REDIS_PREFIX, 'lowercase, ending with ":"')
    .default('sb:tenant-service:'),
  AUTH_SERVICE_URL: requiredInProduction(ctx, urlVar(), `http://127.0.0.1:${SERVICES.AUTH.port}`),
  /** This service's client secret at auth-service (JWKS and service tokens). */
  SERVICE_CLIENT_SECRET: secret(ctx, { devDefault: DEV_SERVICE_CLIENT_SECRET }),
  /** `kid:base64-32-bytes,...`: every key decrypts; the active one encrypts. */
  TENANT_ENCRYPTION_KEYS: secret(ctx, { devDefault: DEV_ENCRYPTION_KEYS, minLength: 40 }),
  TENANT_ENCRYPTION_ACTIVE_KEY_ID: requiredInProduction(ctx, z.string().min(1), DEV_ENCRYPTION_KEY_ID),
  /** HMAC key of the fingerprints shown instead of secrets. */
  TENANT_FINGERPRINT_KEY: secret(ctx, { devDefault: DEV_FINGERPRINT_KEY, minLength: 32 }),
  LOOKUP_CACHE_TTL_SECONDS: intVar(300, 1, 86_400),
  /** How long "unknown phone number / integration" is cached (0: not at all). */
  LOOKUP_NEGATIVE_CACHE_TTL_SECONDS: intVar(30, 0, 3600),
  API_KEY_DEFAULT_OVERLAP_SECONDS: intVar(86_400, 0, 30 * 86_400),
  API_KEY_MAX_OVERLAP_SECONDS: intVar(30 * 86_400, 0, 365 * 86_400),
  GRAPH_API_BASE_URL: urlVar('https://graph.facebook.com'),
  GRAPH_API_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, 'must look like v25.0')
    .default('v25.0'),
  META_APP_ID: requiredInProduction(ctx, z.string().regex(/^\d{1,32}$/, 'must be digits'), DEV_META_APP_ID),
  META_APP_SECRET: secret(ctx, { devDefault: DEV_META_APP_SECRET }),
  /** Override the per-region `https://login.{domain}` / `https://api.{domain}` (simulator). */
  GENESYS_LOGIN_BASE_URL: urlVar().optional(),
  GENESYS_API_BASE_URL: urlVar().optional(),
  /** Base of the webhook URLs registered at Genesys: `{base}/webhooks/genesys/{integrationId}`. */
  PUBLIC_WEBHOOK_BASE_URL: requiredInProduction(ctx, urlVar(), 'https://webhooks.switchboard.localhost'),
  /** Allows http:// cloud and webhook URLs (simulators on loopback). Refused in production. */
  ALLOW_INSECURE_CLOUD_URLS: booleanVar(false),
  CLOUD_TIMEOUT_MS: intVar(10_000, 100, 120_000),
});

type RawTenantServiceConfig = ReturnType<typeof loadConfig<ReturnType<typeof tenantServiceShape>>>;

export type TenantServiceConfig = RawTenantServiceConfig & {
  /** Parsed TENANT_ENCRYPTION_KEYS. */
  readonly encryptionKeys: ReadonlyMap<string, Buffer>;
};

/**
 * Loads and validates the configuration. Beyond the schema: the encryption keys must parse (32
 * random bytes each) and include the active one; production refuses the development key, and
 * insecure (http) cloud or webhook URLs unless explicitly allowed outside production.
 */
export function loadTenantServiceConfig(env: NodeJS.ProcessEnv = process.env): TenantServiceConfig {
  const config = loadConfig(SERVICE_NAME, tenantServiceShape, env);
  const isProduction = config.NODE_ENV === 'production';
  const problems: string[] = [];
  const { keys, problems: keyProblems } = parseEncryptionKeys(config.TENANT_ENCRYPTION_KEYS);
  problems.push(...keyProblems.map((problem) => `TENANT_ENCRYPTION_KEYS: ${problem}`));
  if (keyProblems.length === 0 && !keys.has(config.TENANT_ENCRYPTION_ACTIVE_KEY_ID)) {
    problems.push('TENANT_ENCRYPTION_ACTIVE_KEY_ID: must be one of the ids in TENANT_ENCRYPTION_KEYS');
  }
  if (isProduction) {
    const devKey = parseEncryptionKeys(DEV_ENCRYPTION_KEYS).keys.get(DEV_ENCRYPTION_KEY_ID);
    if ([...keys.values()].some((key) => devKey?.equals(key))) {
      problems.push('TENANT_ENCRYPTION_KEYS: must not contain the development key in production');
    }
    if (config.ALLOW_INSECURE_CLOUD_URLS) {
      problems.push('ALLOW_INSECURE_CLOUD_URLS: must not be true in production');
    }
    if (config.TENANT_FINGERPRINT_KEY === config.SERVICE_CLIENT_SECRET) {
      problems.push('TENANT_FINGERPRINT_KEY: must differ from SERVICE_CLIENT_SECRET');
    }
  }
  const cloudUrls: [string, string | undefined][] = [
    ['GRAPH_API_BASE_URL', config.GRAPH_API_BASE_URL],
    ['GENESYS_LOGIN_BASE_URL', config.GENESYS_LOGIN_BASE_URL],
    ['GENESYS_API_BASE_URL', config.GENESYS_API_BASE_URL],
    ['PUBLIC_WEBHOOK_BASE_URL', config.PUBLIC_WEBHOOK_BASE_URL],
  ];
  for (const [name, value] of cloudUrls) {
    if (value !== undefined && new URL(value).protocol !== 'https:' && !config.ALLOW_INSECURE_CLOUD_URLS) {
      problems.push(
        `${name}: must be https (http only with ALLOW_INSECURE_CLOUD_URLS=true, never in production)`,
      );
    }
  }
  const webhookBase = new URL(config.PUBLIC_WEBHOOK_BASE_URL);
  if (webhookBase.protocol === 'https:' && !['', '443'].includes(webhookBase.port)) {
    problems.push('PUBLIC_WEBHOOK_BASE_URL: Genesys only calls webhooks on port 443');
  }
  if (webhookBase.search || webhookBase.hash) {
    problems.push('PUBLIC_WEBHOOK_BASE_URL: must have no query or fragment');
  }
  if (problems.length > 0) throw new ConfigValidationError(SERVICE_NAME, problems);
  return Object.freeze({ ...config, encryptionKeys: keys });
}

/** Injection token of the loaded {@link TenantServiceConfig}. */
export const TENANT_SERVICE_CONFIG = Symbol('TENANT_SERVICE_CONFIG');
