import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiSecurity } from '@nestjs/swagger';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (the message names each invalid field)',
  401: 'No or invalid credentials',
  403: 'The caller may not use this route (role, API key or service token)',
  404: 'Not found, or not visible to the caller (another tenant answers the same)',
  409: 'Conflicts with the current state',
  422: 'A cloud refused the request (the message says which step)',
  502: 'A cloud failed or answered something unusable (the message says which step)',
  503: 'A cloud is rate limiting (Retry-After)',
};

/** Error answers of a route, documented once. */
export function ApiErrors(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error' })),
  );
}

/** A route for users (bearer access token) and tenant API keys. */
export function ApiUserAuth() {
  return applyDecorators(ApiBearerAuth(), ApiSecurity('api-key'));
}

/** An internal route: a service token (bearer) whose audience is tenant-service. */
export function ApiServiceAuth(callers: readonly string[]) {
  return applyDecorators(
    ApiBearerAuth(),
    ApiResponse({
      status: 403,
      description: `Service tokens of ${callers.length > 0 ? callers.join(', ') : 'any service'} only`,
    }),
  );
}
