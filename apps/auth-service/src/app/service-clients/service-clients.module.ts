import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { AUTH_SERVICE_CONFIG, type AuthServiceConfig } from '../config/auth-service.config';
import { ClientCredentialsGuard } from './client-credentials.guard';
import { ClientCredentialsMiddleware } from './client-credentials.middleware';
import { OwnServiceTokens } from './own-service-tokens.service';
import { ServiceClientCredentials } from './service-client-credentials.service';
import { ServiceCredentialsController } from './service-credentials.controller';
import { ServiceTokensService } from './service-tokens.service';

@Module({
  controllers: [ServiceCredentialsController],
  providers: [
    {
      provide: ServiceClientCredentials,
      inject: [AUTH_SERVICE_CONFIG],
      useFactory: (config: AuthServiceConfig) => new ServiceClientCredentials(config.SERVICE_CLIENT_SECRETS),
    },
    ServiceTokensService,
    OwnServiceTokens,
    ClientCredentialsGuard,
  ],
  exports: [OwnServiceTokens],
})
export class ServiceClientsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(ClientCredentialsMiddleware)
      .forRoutes(
        { path: 'internal/jwks', method: RequestMethod.GET },
        { path: 'internal/service-tokens', method: RequestMethod.POST },
      );
  }
}
