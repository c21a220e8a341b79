import {
  DynamicModule,
  Global,
  Module,
  type InjectionToken,
  type ModuleMetadata,
  type OptionalFactoryDependency,
  type Provider,
  type Type,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import type { JWTVerifyGetKey } from 'jose';
import { ApiKeyResolver, RefuseAllApiKeys } from './api-key-resolver';
import { SwitchboardAuthGuard } from './auth.guard';
import { ApiKeyStrategy, BearerTokenStrategy } from './auth.strategies';
import { OpenApiController, OpenApiDocument } from './openapi';
import { ServiceTokenClient, type ServiceTokenClientOptions } from './service-token.client';
import { TokenVerifier } from './token-verifier';

export interface AuthModuleOptions {
  /** This service's name: the audience of service tokens for its internal routes. */
  readonly serviceName: string;
  /** auth-service's public keys: `remoteJwks(...)` in services, the local key set in auth-service. */
  readonly keys: JWTVerifyGetKey;
  /** Credentials to obtain service tokens for calls to other services. */
  readonly serviceTokens?: Omit<ServiceTokenClientOptions, 'serviceName'>;
}

export interface AuthModuleAsyncOptions {
  readonly imports?: ModuleMetadata['imports'];
  readonly inject?: Array<InjectionToken | OptionalFactoryDependency>;
  readonly useFactory: (...args: never[]) => AuthModuleOptions | Promise<AuthModuleOptions>;
  /** Resolves API keys (tenant-service's repository, or a client of tenant-service); refused when absent. */
  readonly apiKeyResolver?: Type<ApiKeyResolver>;
}

const AUTH_MODULE_OPTIONS = Symbol('AUTH_MODULE_OPTIONS');

/**
 * Authentication and authorization for every route of a service: the global guard, the
 * strategies behind it and, when configured, the service-token client for outgoing calls.
 */
@Global()
@Module({})
export class AuthModule {
  static forRootAsync(options: AuthModuleAsyncOptions): DynamicModule {
    const providers: Provider[] = [
      { provide: AUTH_MODULE_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
      {
        provide: TokenVerifier,
        inject: [AUTH_MODULE_OPTIONS],
        useFactory: (resolved: AuthModuleOptions) => new TokenVerifier(resolved.keys, resolved.serviceName),
      },
      {
        provide: ServiceTokenClient,
        inject: [AUTH_MODULE_OPTIONS],
        useFactory: (resolved: AuthModuleOptions) =>
          resolved.serviceTokens
            ? new ServiceTokenClient({ ...resolved.serviceTokens, serviceName: resolved.serviceName })
            : null,
      },
      { provide: ApiKeyResolver, useClass: options.apiKeyResolver ?? RefuseAllApiKeys },
      BearerTokenStrategy,
      ApiKeyStrategy,
      { provide: APP_GUARD, useClass: SwitchboardAuthGuard },
      OpenApiDocument,
    ];
    return {
      module: AuthModule,
      imports: [PassportModule, ...(options.imports ?? [])],
      providers,
      controllers: [OpenApiController],
      exports: [TokenVerifier, ServiceTokenClient, ApiKeyResolver, OpenApiDocument],
    };
  }

  static forRoot(options: AuthModuleOptions, apiKeyResolver?: Type<ApiKeyResolver>): DynamicModule {
    return AuthModule.forRootAsync({ useFactory: () => options, apiKeyResolver });
  }
}
