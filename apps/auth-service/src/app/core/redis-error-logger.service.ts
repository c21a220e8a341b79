import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';

const INTERVAL_MS = 30_000;

/**
 * Logs Redis connection errors (at most every 30 s) instead of ioredis's unhandled-error
 * warning: while Redis is down auth-service carries on (in-memory throttling and token cache).
 */
@Injectable()
export class RedisErrorLogger implements OnModuleInit {
  private readonly logger = new Logger('Redis');
  private last = 0;

  constructor(private readonly redis: Redis) {}

  onModuleInit(): void {
    this.redis.on('error', (error: Error) => {
      const now = Date.now();
      if (now - this.last < INTERVAL_MS) return;
      this.last = now;
      this.logger.warn({ reason: error.message }, 'Redis unavailable; continuing with in-process fallbacks');
    });
  }
}
