import { SetMetadata } from '@nestjs/common';
import type { AuthenticatedRequest } from '@switchboard/backend-util-auth';
import type { RouteResolution } from '../routing/route-resolver.service';

export const EDGE_ACCESS_KEY = 'switchboard:gateway-edge-access';

/**
 * Who may pass: `credentials` (a user token or an API key; the default), `signed-in-user` (a
 * user access token only) or `route-table` (the proxied routes: public where the route table
 * says so, credentials otherwise).
 */
export type EdgeAccess = 'credentials' | 'signed-in-user' | 'route-table';

/** The proxied `/api/<route>/...` routes: public or not by the route table. */
export const ProxiedRoutes = () => SetMetadata(EDGE_ACCESS_KEY, 'route-table' satisfies EdgeAccess);

/** Only a signed-in user's access token; API keys get 403. */
export const SignedInUsersOnly = () => SetMetadata(EDGE_ACCESS_KEY, 'signed-in-user' satisfies EdgeAccess);

/** A request as the gateway's guards leave it: the caller and, for proxied routes, the target. */
export interface GatewayRequest extends AuthenticatedRequest {
  gatewayRoute?: RouteResolution;
}
