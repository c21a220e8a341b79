import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { parseRequest } from '../core/validation.util';
import { AccessTokensService, type ClientTokenSummary } from './access-tokens.service';
import { registerOAuthClientSchema, tokenSelectorSchema } from './auth-control.dto';
import { OAuthClientsService, type OAuthClientView } from './oauth-clients.service';

/** Control API: OAuth clients and the lifecycle of issued tokens. */
@Controller('control')
export class AuthControlController {
  constructor(
    private readonly clients: OAuthClientsService,
    private readonly tokens: AccessTokensService,
  ) {}

  @Get('oauth-clients')
  listClients(): OAuthClientView[] {
    return this.clients.list();
  }

  @Post('oauth-clients')
  registerClient(@Body() body: unknown): OAuthClientView {
    return this.clients.register(parseRequest(registerOAuthClientSchema, body));
  }

  @Get('tokens')
  summarizeTokens(): Record<string, ClientTokenSummary> {
    return this.tokens.summary();
  }

  @Post('tokens/expire')
  @HttpCode(HttpStatus.OK)
  expireTokens(@Body() body: unknown): { expired: number } {
    return { expired: this.tokens.expire(parseRequest(tokenSelectorSchema, body)) };
  }

  @Post('tokens/revoke')
  @HttpCode(HttpStatus.OK)
  revokeTokens(@Body() body: unknown): { revoked: number } {
    return { revoked: this.tokens.revoke(parseRequest(tokenSelectorSchema, body)) };
  }
}
