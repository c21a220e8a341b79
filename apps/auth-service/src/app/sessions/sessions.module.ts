import { Module } from '@nestjs/common';
import Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { AUTH_SERVICE_CONFIG, type AuthServiceConfig } from '../config/auth-service.config';
import { RepositoriesModule } from '../persistence/repositories.module';
import { TenantStatusModule } from '../tenant-status/tenant-status.module';
import { UsersModule } from '../users/users.module';
import { LoginThrottle } from './login-throttle.service';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';
import { TenantSessionsController } from './tenant-sessions.controller';

/**
 * A limiter shared by the replicas through Redis; while Redis is unreachable, each replica
 * counts in memory (the insurance limiter) rather than letting everything through.
 */
function sharedLimiter(redis: Redis, keyPrefix: string, points: number, duration: number): RateLimiterRedis {
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix,
    points,
    duration,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
  });
}

@Module({
  imports: [RepositoriesModule, UsersModule, TenantStatusModule],
  controllers: [SessionsController, TenantSessionsController],
  providers: [
    SessionsService,
    {
      provide: LoginThrottle,
      inject: [Redis, AUTH_SERVICE_CONFIG],
      useFactory: (redis: Redis, config: AuthServiceConfig) =>
        new LoginThrottle({
          byEmailAndIp: sharedLimiter(
            redis,
            'login-failures:email-ip',
            config.LOGIN_MAX_FAILURES_PER_EMAIL_AND_IP,
            config.LOGIN_FAILURE_WINDOW_SECONDS,
          ),
          byIp: sharedLimiter(
            redis,
            'login-failures:ip',
            config.LOGIN_MAX_FAILURES_PER_IP,
            config.LOGIN_FAILURE_WINDOW_SECONDS,
          ),
        }),
    },
  ],
})
export class SessionsModule {}
