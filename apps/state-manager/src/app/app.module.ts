import { BullModule } from '@nestjs/bull';
import { DynamicModule, Module } from '@nestjs/common';
import { serviceCoreImports, type ServiceModuleOverrides } from '@switchboard/backend-feature-service-core';
import { StateManagerConfigModule } from './config/state-manager-config.module';
import { SERVICE_NAME, type StateManagerConfig } from './config/state-manager.config';
import { ConversationsModule } from './conversations/conversations.module';
import { CorrelationModule } from './correlation/correlation.module';
import { bullPrefix } from './expiry/conversation-expiry.constants';
import { ExpiryModule } from './expiry/expiry.module';
import { InternalModule } from './internal/internal.module';
import { MessagesModule } from './messages/messages.module';
import { STATE_MANAGER_ENTITIES, STATE_MANAGER_MIGRATIONS } from './persistence/persistence.constants';
import { StateDataModule } from './persistence/state-data.module';

@Module({})
export class AppModule {
  static forRoot(config: StateManagerConfig, overrides: ServiceModuleOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...serviceCoreImports({
          serviceName: SERVICE_NAME,
          configModule: StateManagerConfigModule.forRoot(config),
          overrides,
          database: {
            url: config.DATABASE_URL,
            schema: config.DATABASE_SCHEMA,
            entities: STATE_MANAGER_ENTITIES,
            migrations: STATE_MANAGER_MIGRATIONS,
            poolSize: config.DATABASE_POOL_SIZE,
            migrateOnStart: config.MIGRATE_ON_START,
          },
          redis: { url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX },
          messaging: { url: config.RABBITMQ_URL },
          auth: {
            authServiceUrl: config.AUTH_SERVICE_URL,
            serviceSecret: config.SERVICE_CLIENT_SECRET,
            serviceTokens: false,
          },
        }),
        // Bull keeps its own connections to the same Redis (it cannot use ioredis key prefixes).
        BullModule.forRoot({ url: config.REDIS_URL, prefix: bullPrefix(config.REDIS_KEY_PREFIX) }),
        StateDataModule,
        ConversationsModule,
        MessagesModule,
        CorrelationModule,
        ExpiryModule,
        InternalModule,
      ],
    };
  }
}
