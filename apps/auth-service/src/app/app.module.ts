import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { DatabaseModule, RedisModule } from '@switchboard/backend-data-access-persistence';
import { AuthModule } from '@switchboard/backend-util-auth';
import { ObservabilityModule } from '@switchboard/backend-util-observability';
import { SERVICE_NAME, type AuthServiceConfig } from './config/auth-service.config';
import { AuthServiceConfigModule } from './config/auth-service-config.module';
import { DomainErrorFilter } from './core/domain-error.filter';
import { RedisErrorLogger } from './core/redis-error-logger.service';
import { KeysModule } from './keys/keys.module';
import { SigningKeysService } from './keys/signing-keys.service';
import { RefreshTokenEntity } from './sessions/refresh-token.entity';
import { SessionsModule } from './sessions/sessions.module';
import { ServiceClientsModule } from './service-clients/service-clients.module';
import { TokenBrokerModule } from './token-broker/token-broker.module';
import { UserEntity } from './users/user.entity';
import { UsersModule } from './users/users.module';

export interface AppModuleOptions {
  /** Where log lines go (tests capture them); stdout by default. */
  readonly logDestination?: NodeJS.WritableStream;
}

@Module({})
export class AppModule {
  static forRoot(config: AuthServiceConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ObservabilityModule.forRoot({
          serviceName: SERVICE_NAME,
          level: config.LOG_LEVEL,
          destination: options.logDestination,
        }),
        AuthServiceConfigModule.forRoot(config),
        DatabaseModule.forRoot({
          url: config.DATABASE_URL,
          schema: config.DATABASE_SCHEMA,
          entities: [UserEntity, RefreshTokenEntity],
          applicationName: SERVICE_NAME,
        }),
        RedisModule.forRoot({
          url: config.REDIS_URL,
          keyPrefix: config.REDIS_KEY_PREFIX,
          connectionName: SERVICE_NAME,
        }),
        KeysModule.forRoot(config.AUTH_SIGNING_KEYS),
        // auth-service verifies its own tokens with its own public keys.
        AuthModule.forRootAsync({
          inject: [SigningKeysService],
          useFactory: (keys: SigningKeysService) => ({
            serviceName: SERVICE_NAME,
            keys: keys.verificationKeys,
          }),
        }),
        UsersModule,
        SessionsModule,
        ServiceClientsModule,
        TokenBrokerModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: DomainErrorFilter }, RedisErrorLogger],
    };
  }
}
