import { UnauthorizedException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { CLIENT_CREDENTIALS_CLIENT, type ClientCredentialsRequest } from './client-credentials.middleware';

/** The service client authenticated by its credentials (set by ClientCredentialsMiddleware). */
export const ClientName = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const client = context.switchToHttp().getRequest<ClientCredentialsRequest>()[CLIENT_CREDENTIALS_CLIENT];
  if (client === undefined) throw new UnauthorizedException('no service client credentials');
  return client;
});
