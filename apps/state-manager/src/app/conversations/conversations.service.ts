import { Transactions } from '@switchboard/backend-data-access-persistence';
import { Injectable } from '@nestjs/common';
import type {
  ConversationView,
  CustomerNumberChangeRequest,
  CustomerNumberChangeResponse,
} from '@switchboard/shared-contracts';
import { StateCache } from '../cache/state-cache.service';
import { CACHE_KEYS, messageCacheKeys } from '../cache/cache-keys.util';
import { CustomerLocks } from '../locking/customer-lock.service';
import { TrackedMessagesRepository } from '../messages/tracked-messages.repository';
import { retryOnUniqueViolation } from '../persistence/sql.util';
import { toConversationView } from './conversation-view.util';
import { ConversationsRepository, type CustomerRef } from './conversations.repository';

/** Conversation mappings as the other services read them, and customer number changes. */
@Injectable()
export class ConversationsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly conversations: ConversationsRepository,
    private readonly messages: TrackedMessagesRepository,
    private readonly locks: CustomerLocks,
    private readonly cache: StateCache,
  ) {}

  active(tenantId: string, customer: CustomerRef): Promise<ConversationView | null> {
    const key = CACHE_KEYS.activeConversation(tenantId, customer.phoneNumberId, customer.customerWaId);
    return this.cache.getOrLoad(key, () =>
      this.transactions.inTenant(tenantId, async (tx) => {
        const entity = await this.conversations.findActive(tx, customer);
        return entity ? toConversationView(entity) : null;
      }),
    );
  }

  byConversationId(tenantId: string, conversationId: string): Promise<ConversationView | null> {
    return this.cache.getOrLoad(CACHE_KEYS.conversation(tenantId, conversationId), () =>
      this.transactions.inTenant(tenantId, async (tx) => {
        const entity = await this.conversations.findByConversationId(tx, conversationId);
        return entity ? toConversationView(entity) : null;
      }),
    );
  }

  /**
   * The customer now writes from `newWaId` (WhatsApp's customer_changed_number): every mapping
   * and tracked message of the old wa_id on this number moves to the new one. If both wa_ids have
   * an active conversation, the old one is closed so that one stays active. Idempotent: a repeat
   * finds nothing left under the old wa_id.
   */
  async changeCustomerNumber(
    tenantId: string,
    request: CustomerNumberChangeRequest,
  ): Promise<CustomerNumberChangeResponse> {
    const from: CustomerRef = { phoneNumberId: request.phoneNumberId, customerWaId: request.oldWaId };
    const to: CustomerRef = { phoneNumberId: request.phoneNumberId, customerWaId: request.newWaId };
    if (request.oldWaId === request.newWaId) return { moved: 0 };
    const changed = await this.locks.withCustomers(tenantId, [request.oldWaId, request.newWaId], () =>
      retryOnUniqueViolation(() =>
        this.transactions.inTenant(tenantId, async (tx) => {
          const oldActive = await this.conversations.findActive(tx, from, { lock: true });
          const newActive = await this.conversations.findActive(tx, to, { lock: true });
          if (oldActive && newActive) await this.conversations.end(tx, oldActive.id, 'closed');
          const conversationIds = await this.conversations.moveCustomer(tx, from, request.newWaId);
          if (oldActive && !newActive) {
            await this.conversations.touch(tx, oldActive.id, { activityAt: new Date(request.at) });
          }
          const messages = await this.messages.moveCustomer(tx, from, request.newWaId);
          return { conversationIds, messages };
        }),
      ),
    );
    await this.cache.invalidate([
      CACHE_KEYS.activeConversation(tenantId, from.phoneNumberId, from.customerWaId),
      CACHE_KEYS.activeConversation(tenantId, to.phoneNumberId, to.customerWaId),
      ...changed.conversationIds.map((id) => CACHE_KEYS.conversation(tenantId, id)),
      ...changed.messages.flatMap((ids) => messageCacheKeys({ tenantId, ...ids })),
    ]);
    return { moved: changed.conversationIds.length };
  }
}
