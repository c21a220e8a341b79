import { Transactions } from '@switchboard/backend-data-access-persistence';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { StateCache } from '../cache/state-cache.service';
import { conversationCacheKeys } from '../cache/cache-keys.util';
import { STATE_MANAGER_CONFIG, type StateManagerConfig } from '../config/state-manager.config';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { StateMetrics } from '../metrics/state-metrics.service';

/**
 * Marks active conversations without activity for CONVERSATION_IDLE_TTL_SECONDS as expired, in
 * batches of CONVERSATION_EXPIRY_BATCH_SIZE (one transaction each). It runs in the platform
 * scope, the one place that does: it reads no tenant's data for anyone, changes only the
 * status of rows that match the same idle condition for every tenant, and every row keeps its
 * tenant_id; a conversation that a message is touching at that moment is skipped.
 */
@Injectable()
export class ConversationExpiryService {
  private readonly logger = new Logger(ConversationExpiryService.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly conversations: ConversationsRepository,
    private readonly cache: StateCache,
    private readonly metrics: StateMetrics,
    @Inject(STATE_MANAGER_CONFIG) private readonly config: StateManagerConfig,
  ) {}

  /** Expires what is idle at `now`; returns how many conversations it expired. */
  async expireIdle(now: Date = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.CONVERSATION_IDLE_TTL_SECONDS * 1000);
    const batchSize = this.config.CONVERSATION_EXPIRY_BATCH_SIZE;
    let total = 0;
    for (;;) {
      const expired = await this.transactions.asPlatform((tx) =>
        this.conversations.expireIdle(tx, cutoff, batchSize),
      );
      await this.cache.invalidate(expired.flatMap(conversationCacheKeys));
      this.metrics.conversationsExpiredBy(expired.length);
      total += expired.length;
      if (expired.length < batchSize) break;
    }
    if (total > 0)
      this.logger.log(`expired ${total} conversations idle since before ${cutoff.toISOString()}`);
    return total;
  }
}
