import { Logger, Module } from '@nestjs/common';
import Redis from 'ioredis';
import { AUTH_SERVICE_CONFIG, type AuthServiceConfig } from '../config/auth-service.config';
import { ServiceClientsModule } from '../service-clients/service-clients.module';
import { CloudTokenBroker } from './cloud-token-broker.service';
import { CloudTokenCache } from './cloud-token-cache.service';
import { GenesysLoginClient } from './genesys-login.client';
import { GenesysTokensController } from './genesys-tokens.controller';
import { RedisTokenStore } from './shared-token-store.service';
import { TenantServiceClient } from './tenant-service.client';
import { WhatsappTokensController } from './whatsapp-tokens.controller';

@Module({
  imports: [ServiceClientsModule],
  controllers: [GenesysTokensController, WhatsappTokensController],
  providers: [
    {
      provide: CloudTokenCache,
      inject: [Redis, AUTH_SERVICE_CONFIG],
      useFactory: (redis: Redis, config: AuthServiceConfig) => {
        const logger = new Logger(CloudTokenCache.name);
        return new CloudTokenCache(
          new RedisTokenStore(redis),
          { lockMs: config.CLOUD_TOKEN_LOCK_MS, waitMs: config.CLOUD_TOKEN_WAIT_MS },
          { warn: (details, message) => logger.warn(details, message) },
        );
      },
    },
    TenantServiceClient,
    GenesysLoginClient,
    CloudTokenBroker,
  ],
})
export class TokenBrokerModule {}
