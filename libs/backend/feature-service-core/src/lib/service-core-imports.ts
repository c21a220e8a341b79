import { Logger, type DynamicModule } from '@nestjs/common';
import {
  DatabaseModule,
  RedisModule,
  type DatabaseModuleOptions,
  type RedisClientOptions,
} from '@switchboard/backend-data-access-persistence';
import { AuthModule, remoteJwks, type AuthModuleAsyncOptions } from '@switchboard/backend-util-auth';
import { MessagingModule, type MessagingModuleOptions } from '@switchboard/backend-util-messaging';
import { ObservabilityModule } from '@switchboard/backend-util-observability';
import type { JWTVerifyGetKey } from 'jose';

/** What tests (and only tests) replace in a service's root module. */
export interface ServiceModuleOverrides {
  /** Public keys that verify tokens; auth-service's JWKS unless given. */
  readonly keys?: JWTVerifyGetKey;
  readonly logDestination?: NodeJS.WritableStream;
  readonly logLevel?: string;
}

export interface ServiceCoreOptions {
  /** Names the log lines, the metrics and every connection (PostgreSQL, Redis, RabbitMQ). */
  readonly serviceName: string;
  /** The service's own configuration module, imported right after observability. */
  readonly configModule: DynamicModule;
  readonly overrides?: ServiceModuleOverrides;
  /** The configured log level; `overrides.logLevel` wins, and without either the logger reads LOG_LEVEL. */
  readonly logLevel?: string;
  readonly database?: Omit<DatabaseModuleOptions, 'applicationName'>;
  readonly redis?: Omit<RedisClientOptions, 'connectionName'>;
  readonly messaging?: Omit<MessagingModuleOptions, 'connectionName' | 'logger'> & {
    /** Context of the messaging core's log lines (default `Messaging`). */
    readonly logContext?: string;
  };
  readonly auth: Pick<AuthModuleAsyncOptions, 'imports' | 'apiKeyResolver'> & {
    /** auth-service: its JWKS verifies incoming tokens and it issues this service's own tokens. */
    readonly authServiceUrl: string;
    readonly serviceSecret: string;
    /** Obtain service tokens for calls to other services (default true). */
    readonly serviceTokens?: boolean;
  };
}

/**
 * The infrastructure every backend service's root module starts with, in this order:
 * observability, the service's config, then PostgreSQL, Redis and RabbitMQ when given (each
 * connection named after the service), then authentication guarding every route.
 */
export function serviceCoreImports(options: ServiceCoreOptions): DynamicModule[] {
  const { serviceName, overrides = {}, auth } = options;
  const { authServiceUrl, serviceSecret, serviceTokens = true, imports, apiKeyResolver } = auth;
  const modules: DynamicModule[] = [
    ObservabilityModule.forRoot({
      serviceName,
      level: overrides.logLevel ?? options.logLevel,
      destination: overrides.logDestination,
    }),
    options.configModule,
  ];
  if (options.database) {
    modules.push(DatabaseModule.forRoot({ ...options.database, applicationName: serviceName }));
  }
  if (options.redis) {
    modules.push(RedisModule.forRoot({ ...options.redis, connectionName: serviceName }));
  }
  if (options.messaging) {
    const { logContext = 'Messaging', ...messaging } = options.messaging;
    modules.push(
      MessagingModule.forRoot({ ...messaging, connectionName: serviceName, logger: new Logger(logContext) }),
    );
  }
  modules.push(
    AuthModule.forRootAsync({
      imports,
      apiKeyResolver,
      useFactory: () => ({
        serviceName,
        keys: overrides.keys ?? remoteJwks(authServiceUrl, serviceName, serviceSecret),
        ...(serviceTokens && { serviceTokens: { authServiceUrl, serviceSecret } }),
      }),
    }),
  );
  return modules;
}
