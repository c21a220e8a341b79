import { Module } from '@nestjs/common';
import { AccessTokensService } from './access-tokens.service';
import { AuthControlController } from './auth-control.controller';
import { BearerTokenGuard } from './bearer-token.guard';
import { OAuthClientsService } from './oauth-clients.service';
import { OAuthController } from './oauth.controller';
import { OAuthService } from './oauth.service';

@Module({
  controllers: [OAuthController, AuthControlController],
  providers: [OAuthClientsService, AccessTokensService, OAuthService, BearerTokenGuard],
  exports: [AccessTokensService, BearerTokenGuard],
})
export class AuthModule {}
