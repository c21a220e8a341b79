import { Global, Inject, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { runServiceMigrations, Transactions } from '@switchboard/backend-data-access-persistence';
import { DataSource } from 'typeorm';
import { StateCache } from '../cache/state-cache.service';
import { STATE_MANAGER_CONFIG, type StateManagerConfig } from '../config/state-manager.config';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { CustomerLocks } from '../locking/customer-lock.service';
import { TrackedMessagesRepository } from '../messages/tracked-messages.repository';
import { StateMetrics } from '../metrics/state-metrics.service';

/** Applies pending migrations at start when MIGRATE_ON_START is set (the sandbox). */
@Injectable()
export class MigrateOnStart implements OnModuleInit {
  private readonly logger = new Logger(MigrateOnStart.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(STATE_MANAGER_CONFIG) private readonly config: StateManagerConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.MIGRATE_ON_START) return;
    const applied = await runServiceMigrations(this.dataSource);
    this.logger.log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'schema up to date');
  }
}

const PROVIDERS = [
  Transactions,
  ConversationsRepository,
  TrackedMessagesRepository,
  StateCache,
  CustomerLocks,
  { provide: StateMetrics, useFactory: () => new StateMetrics() },
];

/** Transactions, tenant-scoped repositories, the cache, the customer locks and the metrics, for every feature. */
@Global()
@Module({ providers: [MigrateOnStart, ...PROVIDERS], exports: [...PROVIDERS] })
export class StateDataModule {}
