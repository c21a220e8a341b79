import { ForbiddenException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest, UserPrincipal } from '@switchboard/backend-util-auth';

/** The signed-in person (an access token); API keys and services get 403. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): UserPrincipal => {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (principal?.kind !== 'user') throw new ForbiddenException('this route is for signed-in users');
    return principal;
  },
);
