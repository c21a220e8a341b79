import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReadinessRegistry } from '@switchboard/backend-util-observability';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { RedisClientOptions, createRedisClient } from './redis-client';
import {
  ServiceDataSourceOptions,
  runServiceMigrations,
  serviceDataSourceOptions,
} from './service-data-source';

export interface DatabaseModuleOptions extends ServiceDataSourceOptions {
  /** Apply pending migrations at start (the sandbox); deployments run the `migrate` target instead. */
  readonly migrateOnStart?: boolean;
}

/** Applies the service's pending migrations before anything uses the database. */
@Injectable()
class MigrateOnStart implements OnModuleInit {
  private readonly logger = new Logger('Migrations');

  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    const applied = await runServiceMigrations(this.dataSource);
    this.logger.log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'schema up to date');
  }
}

/** PostgreSQL through TypeORM for one service schema, with a readiness check. */
@Module({})
export class DatabaseModule implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly readiness: ReadinessRegistry,
  ) {}

  static forRoot({ migrateOnStart = false, ...options }: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [TypeOrmModule.forRoot({ ...serviceDataSourceOptions(options), autoLoadEntities: false })],
      providers: migrateOnStart ? [MigrateOnStart] : [],
    };
  }

  onModuleInit(): void {
    this.readiness.register('postgresql', async () => {
      await this.dataSource.query('SELECT 1');
    });
  }
}

/**
 * One ioredis client per service, injected by its class: `constructor(private readonly redis: Redis)`.
 * Registers a readiness check and closes the connection on shutdown.
 */
@Global()
@Module({})
export class RedisModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(Redis) private readonly redis: Redis,
    private readonly readiness: ReadinessRegistry,
  ) {}

  static forRoot(options: RedisClientOptions): DynamicModule {
    return {
      module: RedisModule,
      providers: [{ provide: Redis, useFactory: () => createRedisClient(options) }],
      exports: [Redis],
    };
  }

  onModuleInit(): void {
    this.readiness.register('redis', async () => {
      const answer = await this.redis.ping();
      return answer === 'PONG';
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
