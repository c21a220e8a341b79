import { parseUpstreamUrls } from '../config/api-gateway.config';
import { rewritePaths } from './api-documents.service';

describe(rewritePaths.name, () => {
  const [auth] = parseUpstreamUrls(undefined, { isProduction: false }).upstreams;

  it('moves the exposed paths under the route and leaves everything else out', () => {
    const item = { get: { responses: {} } };

    const sut = rewritePaths(
      {
        '/auth': item,
        '/auth/login': item,
        '/auth/users/{id}': item,
        '/authx': item,
        '/internal/jwks': item,
        '/health/ready': item,
      },
      [auth],
    );

    expect(Object.keys(sut)).toEqual(['/api/auth', '/api/auth/login', '/api/auth/users/{id}']);
  });

  it('never shows an internal path, even below a route mounted at the service’s root', () => {
    const rootMounted = { ...auth, route: 'root', pathPrefix: '' };

    const sut = rewritePaths({ '/internal/jwks': {}, '/INTERNAL': {}, '/users': {} }, [rootMounted]);

    expect(Object.keys(sut)).toEqual(['/api/root/users']);
  });
});
