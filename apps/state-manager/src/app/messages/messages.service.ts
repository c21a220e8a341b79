import { Transactions } from '@switchboard/backend-data-access-persistence';
import { Injectable } from '@nestjs/common';
import type {
  ApplyStatusRequest,
  ApplyStatusResponse,
  RecordMessageRequest,
  TrackedMessageView,
} from '@switchboard/shared-contracts';
import { StateCache } from '../cache/state-cache.service';
import { CACHE_KEYS, conversationCacheKeys, messageCacheKeys } from '../cache/cache-keys.util';
import { StateConflictError } from '../common/state-errors';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { StateMetrics } from '../metrics/state-metrics.service';
import { decideStatusTransition } from './status-transition.util';
import { toTrackedMessageView } from './tracked-message-view.util';
import { TrackedMessagesRepository } from './tracked-messages.repository';

export interface RecordedMessage {
  readonly message: TrackedMessageView;
  /** False when the wamid was tracked already: the existing message is answered. */
  readonly created: boolean;
}

/** Message tracking: WhatsApp message id ↔ Genesys message id, and the status of outbound ones. */
@Injectable()
export class MessagesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly messages: TrackedMessagesRepository,
    private readonly conversations: ConversationsRepository,
    private readonly cache: StateCache,
    private readonly metrics: StateMetrics,
  ) {}

  byWhatsAppId(tenantId: string, whatsappMessageId: string): Promise<TrackedMessageView | null> {
    return this.cache.getOrLoad(CACHE_KEYS.messageByWhatsAppId(tenantId, whatsappMessageId), () =>
      this.transactions.inTenant(tenantId, async (tx) => {
        const entity = await this.messages.findByWhatsAppId(tx, whatsappMessageId);
        return entity ? toTrackedMessageView(entity) : null;
      }),
    );
  }

  byGenesysId(tenantId: string, genesysMessageId: string): Promise<TrackedMessageView | null> {
    return this.cache.getOrLoad(CACHE_KEYS.messageByGenesysId(tenantId, genesysMessageId), () =>
      this.transactions.inTenant(tenantId, async (tx) => {
        const entity = await this.messages.findByGenesysId(tx, genesysMessageId);
        return entity ? toTrackedMessageView(entity) : null;
      }),
    );
  }

  /**
   * Tracks a message, idempotently by wamid. Without a conversationId it takes the customer's
   * active conversation's. A new message is activity on that conversation (and an inbound one
   * moves the 24-hour window).
   */
  async record(tenantId: string, request: RecordMessageRequest): Promise<RecordedMessage> {
    const customer = { phoneNumberId: request.phoneNumberId, customerWaId: request.customerWaId };
    const at = new Date(request.at);
    const { recorded, touched } = await this.transactions.inTenant(tenantId, async (tx) => {
      const active = await this.conversations.findActive(tx, customer);
      const insertedId = await this.messages.insertIfAbsent(tx, {
        ...customer,
        direction: request.direction,
        whatsappMessageId: request.whatsappMessageId,
        genesysMessageId: request.genesysMessageId,
        conversationId: request.conversationId ?? active?.conversationId ?? null,
        integrationId: request.integrationId,
        status: 'accepted',
        statusHistory: [{ status: 'accepted', at: at.toISOString() }],
      });
      const entity = await this.messages.findByWhatsAppId(tx, request.whatsappMessageId);
      if (!entity) {
        throw new StateConflictError(
          `Genesys message ${request.genesysMessageId} is tracked for another WhatsApp message`,
        );
      }
      const touchedConversation =
        insertedId === undefined
          ? null
          : await this.conversations.touchActive(tx, customer, {
              activityAt: at,
              inboundAt: request.direction === 'inbound' ? at : undefined,
            });
      return {
        recorded: { message: toTrackedMessageView(entity), created: insertedId !== undefined },
        touched: touchedConversation,
      };
    });
    if (touched) await this.cache.invalidate(conversationCacheKeys(touched));
    return recorded;
  }

  /**
   * Applies a WhatsApp status to an outbound message if it moves it forward, and says which
   * Genesys receipt that calls for. The row is locked while deciding, so concurrent or repeated
   * statuses see each other: each receipt is answered once. Null when the wamid is not tracked.
   */
  async applyStatus(
    tenantId: string,
    whatsappMessageId: string,
    request: ApplyStatusRequest,
  ): Promise<ApplyStatusResponse | null> {
    const response = await this.transactions.inTenant(tenantId, async (tx) => {
      const entity = await this.messages.findByWhatsAppId(tx, whatsappMessageId, { lock: true });
      if (!entity) return null;
      if (entity.direction !== 'outbound') {
        throw new StateConflictError(
          `${whatsappMessageId} is an inbound message: statuses are for our sends`,
        );
      }
      const decision = decideStatusTransition(entity.status, request.status, entity.statusHistory);
      const updated = decision.applied
        ? await this.messages.updateStatus(tx, entity.id, request.status, [
            ...entity.statusHistory,
            { status: request.status, at: new Date(request.at).toISOString() },
          ])
        : entity;
      return {
        applied: decision.applied,
        previousStatus: entity.status,
        message: toTrackedMessageView(updated),
        receipt: decision.receipt,
      };
    });
    if (!response) return null;
    this.metrics.statusHandled(request.status, response.applied ? 'applied' : 'ignored');
    if (response.applied) await this.cache.invalidate(messageCacheKeys(response.message));
    return response;
  }
}
