import { Global, Module } from '@nestjs/common';
import { Transactions } from '@switchboard/backend-data-access-persistence';
import { StateCache } from '../cache/state-cache.service';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { CustomerLocks } from '../locking/customer-lock.service';
import { TrackedMessagesRepository } from '../messages/tracked-messages.repository';
import { StateMetrics } from '../metrics/state-metrics.service';

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
@Module({ providers: PROVIDERS, exports: [...PROVIDERS] })
export class StateDataModule {}
