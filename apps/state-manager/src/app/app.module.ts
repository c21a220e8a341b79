import { BullModule } from '@nestjs/bull';
import { DynamicModule, Logger, Module } from '@nestjs/common';
import { DatabaseModule, RedisModule } from '@switchboard/backend-data-access-persistence';
import { AuthModule, remoteJwks } from '@switchboard/backend-util-auth';
import { MessagingModule } from '@switchboard/backend-util-messaging';
import { ObservabilityModule } from '@switchboard/backend-util-observability';
import type { JWTVerifyGetKey } from 'jose';
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

/** What tests (and only tests) replace: the key set of auth-service and where logs go. */
export interface AppModuleOverrides {
  /** Public keys that verify tokens; auth-service's JWKS unless given. */
  readonly keys?: JWTVerifyGetKey;
  readonly logDestination?: NodeJS.WritableStream;
  readonly logLevel?: string;
}

@Module({})
export class AppModule {
  static forRoot(config: StateManagerConfig, overrides: AppModuleOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ObservabilityModule.forRoot({
          serviceName: SERVICE_NAME,
          level: overrides.logLevel,
          destination: overrides.logDestination,
        }),
        StateManagerConfigModule.forRoot(config),
        DatabaseModule.forRoot({
          url: config.DATABASE_URL,
          schema: config.DATABASE_SCHEMA,
          entities: STATE_MANAGER_ENTITIES,
          migrations: STATE_MANAGER_MIGRATIONS,
          poolSize: config.DATABASE_POOL_SIZE,
          applicationName: SERVICE_NAME,
          migrateOnStart: config.MIGRATE_ON_START,
        }),
        RedisModule.forRoot({
          url: config.REDIS_URL,
          keyPrefix: config.REDIS_KEY_PREFIX,
          connectionName: SERVICE_NAME,
        }),
        // Bull keeps its own connections to the same Redis (it cannot use ioredis key prefixes).
        BullModule.forRoot({ url: config.REDIS_URL, prefix: bullPrefix(config.REDIS_KEY_PREFIX) }),
        MessagingModule.forRoot({
          url: config.RABBITMQ_URL,
          connectionName: SERVICE_NAME,
          logger: new Logger('Messaging'),
        }),
        AuthModule.forRootAsync({
          useFactory: () => ({
            serviceName: SERVICE_NAME,
            keys:
              overrides.keys ??
              remoteJwks(config.AUTH_SERVICE_URL, SERVICE_NAME, config.SERVICE_CLIENT_SECRET),
          }),
        }),
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
