import { Module, type DynamicModule, type InjectionToken } from '@nestjs/common';
import Redis from 'ioredis';
import { IdempotencyClaims, type IdempotencyClaimsOptions } from './idempotency-claims';

export interface IdempotencyModuleOptions<TDeps extends unknown[]> {
  /** What `useFactory` needs (the service's config token, typically); Redis comes from RedisModule. */
  readonly inject: { [K in keyof TDeps]: InjectionToken };
  readonly useFactory: (...deps: TDeps) => IdempotencyClaimsOptions;
}

/** Provides IdempotencyClaims on the service's Redis connection (RedisModule provides the client). */
@Module({})
export class IdempotencyModule {
  static forRootAsync<TDeps extends unknown[]>(options: IdempotencyModuleOptions<TDeps>): DynamicModule {
    return {
      module: IdempotencyModule,
      providers: [
        {
          provide: IdempotencyClaims,
          inject: [Redis, ...options.inject],
          useFactory: (redis: Redis, ...deps: unknown[]) =>
            new IdempotencyClaims(redis, options.useFactory(...(deps as TDeps))),
        },
      ],
      exports: [IdempotencyClaims],
    };
  }
}
