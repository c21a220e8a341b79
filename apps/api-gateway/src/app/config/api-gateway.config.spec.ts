import { ConfigValidationError } from '@switchboard/backend-util-config';
import {
  DEFAULT_MAX_REQUEST_BYTES,
  DEV_CORS_ALLOWED_ORIGINS,
  DEV_SERVICE_CLIENT_SECRET,
  loadApiGatewayConfig,
  parseUpstreamUrls,
} from './api-gateway.config';
import { UPSTREAM_ROUTES } from '../routing/upstream-routes.constants';

const PRODUCTION = {
  NODE_ENV: 'production',
  REDIS_URL: 'redis://redis:6379/0',
  AUTH_SERVICE_URL: 'http://auth-service:3008',
  TENANT_SERVICE_URL: 'http://tenant-service:3009',
  UPSTREAM_URLS: 'auth=http://auth-service:3008, tenants=http://tenant-service:3009',
  SERVICE_CLIENT_SECRET: 'a-long-and-random-client-secret',
  CORS_ALLOWED_ORIGINS: 'https://portal.example.com,https://admin.example.com',
};

describe(loadApiGatewayConfig.name, () => {
  it('starts with loopback defaults outside production', () => {
    const sut = loadApiGatewayConfig({});

    expect(sut).toMatchObject({
      PORT: 3000,
      REDIS_URL: 'redis://127.0.0.1:6379/0',
      REDIS_KEY_PREFIX: 'sb:api-gateway:',
      AUTH_SERVICE_URL: 'http://127.0.0.1:3008',
      TENANT_SERVICE_URL: 'http://127.0.0.1:3009',
      SERVICE_CLIENT_SECRET: DEV_SERVICE_CLIENT_SECRET,
      MAX_REQUEST_BYTES: DEFAULT_MAX_REQUEST_BYTES,
      UPSTREAM_TIMEOUT_MS: 10_000,
      BREAKER_CONSECUTIVE_FAILURES: 5,
      BREAKER_ERROR_THRESHOLD_PERCENT: 50,
      BREAKER_VOLUME_THRESHOLD: 20,
      BREAKER_WINDOW_MS: 30_000,
      BREAKER_RESET_TIMEOUT_MS: 60_000,
      TRUST_PROXY_HOPS: 0,
      CORS_ALLOWED_ORIGINS: DEV_CORS_ALLOWED_ORIGINS,
    });
    expect(
      sut.UPSTREAMS.map((upstream) => [upstream.route, upstream.service, upstream.baseUrl.href]),
    ).toEqual([
      ['auth', 'auth-service', 'http://127.0.0.1:3008/'],
      ['tenants', 'tenant-service', 'http://127.0.0.1:3009/'],
    ]);
    expect(DEFAULT_MAX_REQUEST_BYTES).toBe(27_262_976);
  });

  it('takes a production configuration with every URL and a real secret', () => {
    const sut = loadApiGatewayConfig(PRODUCTION);

    expect(sut.UPSTREAMS.map((upstream) => upstream.baseUrl.origin)).toEqual([
      'http://auth-service:3008',
      'http://tenant-service:3009',
    ]);
    expect(sut.CORS_ALLOWED_ORIGINS).toEqual(['https://portal.example.com', 'https://admin.example.com']);
  });

  it('refuses to start in production without its URLs and its client secret, naming each', () => {
    const attempt = () => loadApiGatewayConfig({ NODE_ENV: 'production' });

    expect(attempt).toThrow(ConfigValidationError);
    expect(attempt).toThrow(/REDIS_URL: is required in production/);
    expect(attempt).toThrow(/AUTH_SERVICE_URL: is required in production/);
    expect(attempt).toThrow(/TENANT_SERVICE_URL: is required in production/);
    expect(attempt).toThrow(/SERVICE_CLIENT_SECRET: is required in production/);
  });

  it('refuses the development client secret in production', () => {
    const attempt = () =>
      loadApiGatewayConfig({ ...PRODUCTION, SERVICE_CLIENT_SECRET: DEV_SERVICE_CLIENT_SECRET });

    expect(attempt).toThrow(/SERVICE_CLIENT_SECRET: must not be the development default/);
  });

  it('refuses a plain-http origin in production', () => {
    const attempt = () =>
      loadApiGatewayConfig({ ...PRODUCTION, CORS_ALLOWED_ORIGINS: 'http://portal.example.com' });

    expect(attempt).toThrow(
      /CORS_ALLOWED_ORIGINS: "http:\/\/portal.example.com" must be https in production/,
    );
  });

  it('sends a route without UPSTREAM_URLS entry to its service’s own URL variable', () => {
    const { UPSTREAM_URLS: _unset, ...withoutUpstreams } = PRODUCTION;

    const sut = loadApiGatewayConfig({
      ...withoutUpstreams,
      TENANT_SERVICE_URL: 'https://tenant-service.internal/',
    });

    expect(sut.UPSTREAMS.map((upstream) => upstream.baseUrl.href)).toEqual([
      'http://auth-service:3008/',
      'https://tenant-service.internal/',
    ]);
  });

  it.each([
    ['*', /CORS_ALLOWED_ORIGINS: "\*" is not an origin/],
    ['https://portal.example.com/app', /is not an origin/],
  ])('refuses the CORS entry %s', (origins, message) => {
    expect(() => loadApiGatewayConfig({ CORS_ALLOWED_ORIGINS: origins })).toThrow(message);
  });

  it('allows no cross-origin caller in production unless told', () => {
    const { CORS_ALLOWED_ORIGINS: _unset, ...withoutOrigins } = PRODUCTION;

    expect(loadApiGatewayConfig(withoutOrigins).CORS_ALLOWED_ORIGINS).toEqual([]);
  });
});

describe(parseUpstreamUrls.name, () => {
  it.each([
    ['billing=http://127.0.0.1:1', /"billing" is not a route \(one of auth, tenants\)/],
    ['auth', /every entry must be route=url/],
    ['auth=ftp://x', /"auth" must be an http\(s\) URL without credentials/],
    ['auth=http://user:pw@x', /without credentials/],
    ['auth=http://x/some/path', /"auth" must be a base URL/],
    ['auth=http://a,auth=http://b', /"auth" is listed twice/],
  ])('refuses %s', (raw, message) => {
    const { problems } = parseUpstreamUrls(raw, { isProduction: false });

    expect(problems.join('\n')).toMatch(message);
  });

  it('requires, in production, a URL for a route whose service has no URL variable', () => {
    const [auth] = UPSTREAM_ROUTES;
    const billing = { ...auth, route: 'billing', service: 'state-manager' as const };

    const { problems } = parseUpstreamUrls(undefined, { isProduction: true }, {}, [billing]);

    expect(problems).toEqual(['UPSTREAM_URLS: "billing" is required in production']);
  });

  it('defaults a route left out to its service’s loopback port outside production', () => {
    const { upstreams, problems } = parseUpstreamUrls('tenants=https://tenants.internal:8443', {
      isProduction: false,
    });

    expect(problems).toEqual([]);
    expect(upstreams.map((upstream) => upstream.baseUrl.href)).toEqual([
      'http://127.0.0.1:3008/',
      'https://tenants.internal:8443/',
    ]);
  });
});
