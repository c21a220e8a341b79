import { SERVICES, type ServiceName } from '@switchboard/shared-contracts';

/** A route that passes the gateway without credentials (it authenticates at the service itself). */
export interface PublicRoute {
  readonly method: string;
  /** Path below `/api/<route>`, matched exactly (case, trailing slash and all). */
  readonly path: string;
}

/**
 * One entry of the public API: `/api/<route>/<rest>` is forwarded to `<pathPrefix>/<rest>` on
 * `service`. The mapping is explicit so that a service's own routes (above all `/internal/...`)
 * are reachable only where an entry says so.
 */
export interface UpstreamRoute {
  /** The segment after `/api/`. */
  readonly route: string;
  /** The service behind it: its token audience, metrics label and documentation entry. */
  readonly service: ServiceName;
  /** Where the rest of the path lands on the service. */
  readonly pathPrefix: string;
  /** Local port of the service: the base URL outside production is http://127.0.0.1:<port>. */
  readonly defaultPort: number;
  readonly publicRoutes: readonly PublicRoute[];
}

/**
 * The services reachable through the gateway. Adding one is one line here (plus, in production,
 * its base URL in `UPSTREAM_URLS`). Everything else of a service stays unreachable from outside.
 */
export const UPSTREAM_ROUTES: readonly UpstreamRoute[] = [
  {
    route: 'auth',
    service: SERVICES.AUTH.name,
    pathPrefix: '/auth',
    defaultPort: SERVICES.AUTH.port,
    // Password login and the refresh cookie authenticate at auth-service itself.
    publicRoutes: [
      { method: 'POST', path: '/login' },
      { method: 'POST', path: '/refresh' },
      { method: 'POST', path: '/logout' },
    ],
  },
  {
    route: 'tenants',
    service: SERVICES.TENANT.name,
    pathPrefix: '/tenants',
    defaultPort: SERVICES.TENANT.port,
    publicRoutes: [],
  },
];

/** The gateway's own name in documents, metrics and service tokens. */
export const GATEWAY_SERVICE_NAME = SERVICES.API_GATEWAY.name;

/** Path prefix of every proxied route. */
export const API_PREFIX = '/api';

/** Where the gateway serves the services' documentation (its own segment, never a route name). */
export const DOCS_SEGMENT = 'docs';
