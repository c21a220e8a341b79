import type { ConfiguredUpstream } from '../config/api-gateway.config';
import { API_PREFIX } from './upstream-routes.constants';

/** Where a request through the gateway goes. */
export type RouteResolution =
  | {
      readonly kind: 'forward';
      readonly upstream: ConfiguredUpstream;
      /** Path and query on the service, still percent-encoded exactly as the client sent them. */
      readonly upstreamPath: string;
      /** The request authenticates at the service itself (login, refresh, logout). */
      readonly isPublic: boolean;
    }
  | { readonly kind: 'not-found'; readonly reason: string }
  | { readonly kind: 'bad-request'; readonly reason: string };

const INTERNAL_SEGMENT = 'internal';

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Maps `/api/<route>/<rest>?<query>` to `<pathPrefix>/<rest>?<query>` on the route's service.
 *
 * Paths that a server might read differently from us are refused rather than normalised: dot
 * segments, encoded slashes or backslashes, malformed escapes. The services' `/internal/...`
 * routes are for service tokens only and never reachable from outside, in any spelling.
 */
export class RouteResolver {
  private readonly byRoute: ReadonlyMap<string, ConfiguredUpstream>;

  constructor(upstreams: readonly ConfiguredUpstream[]) {
    this.byRoute = new Map(upstreams.map((upstream) => [upstream.route, upstream]));
  }

  get upstreams(): readonly ConfiguredUpstream[] {
    return [...this.byRoute.values()];
  }

  resolve(method: string, originalUrl: string): RouteResolution {
    const queryStart = originalUrl.indexOf('?');
    const path = queryStart === -1 ? originalUrl : originalUrl.slice(0, queryStart);
    const query = queryStart === -1 ? '' : originalUrl.slice(queryStart);
    if (!path.startsWith(`${API_PREFIX}/`)) return { kind: 'not-found', reason: 'not an API path' };
    const afterPrefix = path.slice(API_PREFIX.length + 1);
    const slash = afterPrefix.indexOf('/');
    const routeName = slash === -1 ? afterPrefix : afterPrefix.slice(0, slash);
    const rest = slash === -1 ? '' : afterPrefix.slice(slash);
    const upstream = this.byRoute.get(routeName);
    if (!upstream)
      return { kind: 'not-found', reason: `no service at ${API_PREFIX}/${routeName.slice(0, 64)}` };

    if (path.includes('\\')) return { kind: 'bad-request', reason: 'backslash in path' };
    const segments = rest.split('/').slice(1);
    const decoded: string[] = [];
    for (const segment of segments) {
      const value = decodeSegment(segment);
      if (value === undefined) return { kind: 'bad-request', reason: 'malformed percent-encoding in path' };
      if (value === '.' || value === '..') return { kind: 'bad-request', reason: 'dot segment in path' };
      if (/[/\\]/.test(value)) return { kind: 'bad-request', reason: 'encoded slash in path' };
      decoded.push(value);
    }
    const upstreamPath = `${upstream.pathPrefix}${rest}`;
    const upstreamSegments = upstreamPath
      .split('/')
      .filter((segment) => segment.length > 0)
      .map((segment) => (decodeSegment(segment) ?? segment).toLowerCase());
    const firstRestSegment = decoded.find((segment) => segment.length > 0)?.toLowerCase();
    if (firstRestSegment === INTERNAL_SEGMENT || upstreamSegments[0] === INTERNAL_SEGMENT) {
      return { kind: 'not-found', reason: 'internal routes are not served through the gateway' };
    }
    const isPublic = upstream.publicRoutes.some(
      (route) => route.method === method.toUpperCase() && route.path === rest,
    );
    return { kind: 'forward', upstream, upstreamPath: `${upstreamPath}${query}`, isPublic };
  }
}
