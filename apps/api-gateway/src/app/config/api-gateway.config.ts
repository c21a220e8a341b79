import {
  ConfigValidationError,
  intVar,
  loadConfig,
  portVar,
  secret,
  urlVar,
  type ConfigContext,
} from '@switchboard/backend-util-config';
import { SERVICES } from '@switchboard/shared-contracts';
import { z } from 'zod';
import {
  DOCS_SEGMENT,
  GATEWAY_SERVICE_NAME,
  UPSTREAM_ROUTES,
  type UpstreamRoute,
} from '../routing/upstream-routes.constants';

export const SERVICE_NAME = GATEWAY_SERVICE_NAME;

/** Injection token of the {@link ApiGatewayConfig}. */
export const API_GATEWAY_CONFIG = Symbol('API_GATEWAY_CONFIG');

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379/0';
export const DEFAULT_REDIS_KEY_PREFIX = 'sb:api-gateway:';
export const DEFAULT_MAX_REQUEST_BYTES = 26 * 1024 * 1024;
/** The sandbox's Angular apps (agent-portal, agent-widget, admin-dashboard). */
export const DEV_CORS_ALLOWED_ORIGINS = [3011, 3012, 3013].flatMap((port) => [
  `http://127.0.0.1:${port}`,
  `http://localhost:${port}`,
]);

/** The development client secret auth-service knows for the gateway (refused in production). */
export const DEV_SERVICE_CLIENT_SECRET = `dev-only-${GATEWAY_SERVICE_NAME}-secret`;

/** A route of {@link UPSTREAM_ROUTES} with the base URL of its service. */
export interface ConfiguredUpstream extends UpstreamRoute {
  readonly baseUrl: URL;
}

function peerServiceUrl(ctx: ConfigContext, devDefault: string) {
  return ctx.isProduction ? urlVar() : urlVar(devDefault);
}

function infrastructureUrl(ctx: ConfigContext, devDefault: string) {
  const url = z.string().min(1);
  return ctx.isProduction ? url : url.default(devDefault);
}

/**
 * `route=url,...`: base URLs by route name. A route left out goes to its service's own URL
 * variable where the gateway has one (AUTH_SERVICE_URL, TENANT_SERVICE_URL), else outside
 * production to http://127.0.0.1:<service port>; in production it needs an entry.
 */
export function parseUpstreamUrls(
  raw: string | undefined,
  ctx: ConfigContext,
  serviceUrls: Partial<Record<string, string>> = {},
  routes: readonly UpstreamRoute[] = UPSTREAM_ROUTES,
): { upstreams: ConfiguredUpstream[]; problems: string[] } {
  const problems: string[] = [];
  const given = new Map<string, URL>();
  const entries = (raw ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const separator = entry.indexOf('=');
    const name = separator > 0 ? entry.slice(0, separator).trim() : '';
    const value = separator > 0 ? entry.slice(separator + 1).trim() : '';
    if (!name || !value) {
      problems.push(`UPSTREAM_URLS: every entry must be route=url (got "${entry.slice(0, 80)}")`);
      continue;
    }
    if (!routes.some((route) => route.route === name)) {
      problems.push(
        `UPSTREAM_URLS: "${name.slice(0, 40)}" is not a route (one of ${routes.map((r) => r.route).join(', ')})`,
      );
      continue;
    }
    if (given.has(name)) {
      problems.push(`UPSTREAM_URLS: "${name}" is listed twice`);
      continue;
    }
    const url = URL.canParse(value) ? new URL(value) : undefined;
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.username || url.password) {
      problems.push(`UPSTREAM_URLS: "${name}" must be an http(s) URL without credentials`);
      continue;
    }
    if (url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
      problems.push(`UPSTREAM_URLS: "${name}" must be a base URL (scheme, host, port only)`);
      continue;
    }
    given.set(name, url);
  }
  const upstreams: ConfiguredUpstream[] = [];
  for (const route of routes) {
    const serviceUrl = serviceUrls[route.service];
    const baseUrl = given.get(route.route) ?? (serviceUrl ? new URL(new URL(serviceUrl).origin) : undefined);
    if (baseUrl) upstreams.push({ ...route, baseUrl });
    else if (ctx.isProduction) problems.push(`UPSTREAM_URLS: "${route.route}" is required in production`);
    else upstreams.push({ ...route, baseUrl: new URL(`http://127.0.0.1:${route.defaultPort}`) });
  }
  return { upstreams, problems };
}

/** Origins allowed to call the API from a browser (credentials included). Never `*`. */
export function parseCorsOrigins(
  raw: string | undefined,
  ctx: ConfigContext,
): { origins: string[]; problems: string[] } {
  if (raw === undefined)
    return { origins: ctx.isProduction ? [] : [...DEV_CORS_ALLOWED_ORIGINS], problems: [] };
  const problems: string[] = [];
  const origins: string[] = [];
  for (const entry of raw
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean)) {
    const url = URL.canParse(entry) ? new URL(entry) : undefined;
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.origin !== entry.replace(/\/$/, '')) {
      problems.push(`CORS_ALLOWED_ORIGINS: "${entry.slice(0, 80)}" is not an origin (scheme://host[:port])`);
    } else if (ctx.isProduction && url.protocol !== 'https:') {
      problems.push(`CORS_ALLOWED_ORIGINS: "${url.origin}" must be https in production`);
    } else {
      origins.push(url.origin);
    }
  }
  return { origins, problems };
}

export function apiGatewayConfigShape(ctx: ConfigContext) {
  return {
    PORT: portVar(SERVICES.API_GATEWAY.port),
    LOG_LEVEL: z.string().default('info'),
    REDIS_URL: infrastructureUrl(ctx, DEFAULT_REDIS_URL),
    REDIS_KEY_PREFIX: z
      .string()
      .regex(/^[a-z0-9][a-z0-9:_-]*:$/, 'lowercase, ending with ":"')
      .default(DEFAULT_REDIS_KEY_PREFIX),

    // ── upstreams ──
    UPSTREAM_URLS: z.string().optional(),
    AUTH_SERVICE_URL: peerServiceUrl(ctx, `http://127.0.0.1:${SERVICES.AUTH.port}`),
    TENANT_SERVICE_URL: peerServiceUrl(ctx, `http://127.0.0.1:${SERVICES.TENANT.port}`),
    SERVICE_CLIENT_SECRET: secret(ctx, { devDefault: DEV_SERVICE_CLIENT_SECRET }),
    UPSTREAM_TIMEOUT_MS: intVar(10_000, 50, 300_000),
    MAX_REQUEST_BYTES: intVar(DEFAULT_MAX_REQUEST_BYTES, 1, 1024 * 1024 * 1024),

    // ── circuit breaker, per upstream service ──
    BREAKER_CONSECUTIVE_FAILURES: intVar(5, 1, 1000),
    BREAKER_ERROR_THRESHOLD_PERCENT: intVar(50, 1, 100),
    BREAKER_VOLUME_THRESHOLD: intVar(20, 1, 100_000),
    BREAKER_WINDOW_MS: intVar(30_000, 1000, 3_600_000),
    BREAKER_RESET_TIMEOUT_MS: intVar(60_000, 100, 3_600_000),

    // ── rate limits (shared through Redis) ──
    RATE_LIMIT_IP_POINTS: intVar(300, 1, 10_000_000),
    RATE_LIMIT_IP_DURATION_SECONDS: intVar(60, 1, 86_400),
    RATE_LIMIT_TENANT_POINTS: intVar(1200, 1, 10_000_000),
    RATE_LIMIT_TENANT_DURATION_SECONDS: intVar(60, 1, 86_400),

    // ── edge ──
    CORS_ALLOWED_ORIGINS: z.string().optional(),
    /** Proxies in front of the gateway whose X-Forwarded-For is believed (1 behind an ingress). */
    TRUST_PROXY_HOPS: intVar(0, 0, 10),
    API_KEY_CACHE_TTL_MS: intVar(30_000, 0, 600_000),
    API_KEY_NEGATIVE_CACHE_TTL_MS: intVar(5_000, 0, 600_000),
  };
}

type ParsedConfig = ReturnType<typeof loadConfig<ReturnType<typeof apiGatewayConfigShape>>>;

export type ApiGatewayConfig = Omit<ParsedConfig, 'UPSTREAM_URLS' | 'CORS_ALLOWED_ORIGINS'> & {
  readonly UPSTREAMS: readonly ConfiguredUpstream[];
  readonly CORS_ALLOWED_ORIGINS: readonly string[];
};

/**
 * Loads and checks the gateway's environment. Production refuses to start without Redis, the
 * peer services' and every route's URL, and a real client secret.
 */
export function loadApiGatewayConfig(env: NodeJS.ProcessEnv = process.env): ApiGatewayConfig {
  const parsed = loadConfig(SERVICE_NAME, apiGatewayConfigShape, env);
  const ctx: ConfigContext = { isProduction: parsed.NODE_ENV === 'production' };
  const upstreams = parseUpstreamUrls(parsed.UPSTREAM_URLS, ctx, {
    [SERVICES.AUTH.name]: parsed.AUTH_SERVICE_URL,
    [SERVICES.TENANT.name]: parsed.TENANT_SERVICE_URL,
  });
  const cors = parseCorsOrigins(parsed.CORS_ALLOWED_ORIGINS, ctx);
  const problems = [...upstreams.problems, ...cors.problems];
  if (UPSTREAM_ROUTES.some((route) => route.route === DOCS_SEGMENT)) {
    problems.push(`UPSTREAM_ROUTES: "${DOCS_SEGMENT}" is the documentation's segment, not a route name`);
  }
  if (problems.length > 0) throw new ConfigValidationError(SERVICE_NAME, problems);
  return Object.freeze({ ...parsed, UPSTREAMS: upstreams.upstreams, CORS_ALLOWED_ORIGINS: cors.origins });
}
