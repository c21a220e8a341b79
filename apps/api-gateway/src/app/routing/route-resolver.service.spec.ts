import { parseUpstreamUrls } from '../config/api-gateway.config';
import { RouteResolver } from './route-resolver.service';
import { UPSTREAM_ROUTES } from './upstream-routes.constants';

describe(RouteResolver.name, () => {
  const sut = new RouteResolver(parseUpstreamUrls(undefined, { isProduction: false }).upstreams);

  it.each([
    ['POST', '/api/auth/login', 'auth-service', '/auth/login'],
    ['GET', '/api/auth/me?fields=a,b', 'auth-service', '/auth/me?fields=a,b'],
    ['GET', '/api/tenants', 'tenant-service', '/tenants'],
    ['GET', '/api/tenants/', 'tenant-service', '/tenants/'],
    ['PATCH', '/api/tenants/t%201/numbers/2?x=%2F', 'tenant-service', '/tenants/t%201/numbers/2?x=%2F'],
    ['GET', '/api/tenants/t-1/api-keys/internal', 'tenant-service', '/tenants/t-1/api-keys/internal'],
  ])('maps %s %s to %s %s', (method, url, service, upstreamPath) => {
    const resolution = sut.resolve(method, url);

    expect(resolution).toMatchObject({ kind: 'forward', upstreamPath });
    expect(resolution.kind === 'forward' && resolution.upstream.service).toBe(service);
  });

  it.each([
    ['POST', '/api/auth/login', true],
    ['POST', '/api/auth/refresh', true],
    ['POST', '/api/auth/logout?all=1', true],
    ['post', '/api/auth/login', true],
    ['GET', '/api/auth/login', false],
    ['POST', '/api/auth/login/', false],
    ['POST', '/api/auth/Login', false],
    ['POST', '/api/auth/login/extra', false],
    ['POST', '/api/tenants/login', false],
  ])('marks %s %s public: %p', (method, url, isPublic) => {
    expect(sut.resolve(method, url)).toMatchObject({ kind: 'forward', isPublic });
  });

  it.each([
    '/api/tenants/internal',
    '/api/tenants/internal/lookups',
    '/api/tenants/Internal/lookups',
    '/api/tenants/%49NTERNAL/x',
    '/api/tenants///internal/x',
    '/api/auth/internal/jwks?x=1',
    '/api/internal/jwks',
    '/api/nothing/here',
    '/api',
    '/apiauth/login',
  ])('does not forward %s', (url) => {
    expect(sut.resolve('GET', url).kind).toBe('not-found');
  });

  it.each([
    '/api/tenants/../internal',
    '/api/tenants/./x',
    '/api/tenants/%2E%2e/internal',
    '/api/tenants/a%2finternal',
    '/api/tenants/a%5cb',
    '/api/tenants/a\\b',
    '/api/tenants/%zz',
  ])('refuses the ambiguous path %s', (url) => {
    expect(sut.resolve('GET', url).kind).toBe('bad-request');
  });

  it('reaches an internal route of a service mounted at its root in no spelling', () => {
    const [auth] = parseUpstreamUrls(undefined, { isProduction: false }).upstreams;
    const rootMounted = new RouteResolver([{ ...auth, route: 'root', pathPrefix: '' }]);

    expect(rootMounted.resolve('GET', '/api/root/internal/jwks').kind).toBe('not-found');
    expect(rootMounted.resolve('GET', '/api/root/users').kind).toBe('forward');
  });

  it('knows every route of the table and nothing named like the docs segment', () => {
    expect(UPSTREAM_ROUTES.map((route) => route.route)).toEqual(['auth', 'tenants']);
    expect(sut.resolve('GET', '/api/docs/x').kind).toBe('not-found');
  });
});
