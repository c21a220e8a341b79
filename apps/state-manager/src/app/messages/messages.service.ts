import { Transactions, type TenantTx } from '@switchboard/backend-data-access-persistence';
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
import { decidePartStatusTransition } from './status-transition.util';
import { toTrackedMessageView } from './tracked-message-view.util';
import { SINGLE_PART, TrackedMessagesRepository, type MessagePartRef } from './tracked-messages.repository';

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
   * Tracks a message (one part of it: each WhatsApp send of a Genesys message is tracked),
   * idempotently by wamid. Without a conversationId it takes the customer's active
   * conversation's. A new message is activity on that conversation (and an inbound one moves the
   * 24-hour window and the customer's last message).
   */
  async record(tenantId: string, request: RecordMessageRequest): Promise<RecordedMessage> {
    const customer = { phoneNumberId: request.phoneNumberId, customerWaId: request.customerWaId };
    const at = new Date(request.at);
    const part = request.part ?? SINGLE_PART;
    const { recorded, touched } = await this.transactions.inTenant(tenantId, async (tx) => {
      const active = await this.conversations.findActive(tx, customer);
      const insertedId = await this.messages.insertIfAbsent(tx, {
        ...customer,
        direction: request.direction,
        whatsappMessageId: request.whatsappMessageId,
        genesysMessageId: request.genesysMessageId,
        part,
        conversationId: request.conversationId ?? active?.conversationId ?? null,
        integrationId: request.integrationId,
        status: 'accepted',
        statusHistory: [{ status: 'accepted', at: at.toISOString() }],
      });
      const entity = await this.messages.findByWhatsAppId(tx, request.whatsappMessageId);
      if (!entity) throw await this.notInsertable(tx, request.genesysMessageId, part);
      const touchedConversation =
        insertedId === undefined
          ? null
          : await this.conversations.touchActive(tx, customer, {
              activityAt: at,
              inbound:
                request.direction === 'inbound'
                  ? { at, whatsappMessageId: request.whatsappMessageId }
                  : undefined,
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
   * Genesys receipt that calls for. The row (and, for a message of several parts, every part of
   * its Genesys message) is locked while deciding, so concurrent or repeated statuses see each
   * other: each receipt is answered once per Genesys message. Null when the wamid is not tracked.
   */
  async applyStatus(
    tenantId: string,
    whatsappMessageId: string,
    request: ApplyStatusRequest,
  ): Promise<ApplyStatusResponse | null> {
    const response = await this.transactions.inTenant(tenantId, async (tx) => {
      const parts = await this.messages.lockForStatus(tx, whatsappMessageId);
      const entity = parts.find((part) => part.whatsappMessageId === whatsappMessageId);
      if (!entity) return null;
      if (entity.direction !== 'outbound') {
        throw new StateConflictError(
          `${whatsappMessageId} is an inbound message: statuses are for our sends`,
        );
      }
      const otherParts = parts.filter((part) => part.id !== entity.id);
      const decision = decidePartStatusTransition(entity, otherParts, request.status);
      const updated = decision.applied
        ? await this.messages.updateStatus(tx, entity.id, {
            status: request.status,
            statusHistory: [
              ...entity.statusHistory,
              { status: request.status, at: new Date(request.at).toISOString() },
            ],
            failureDecided: entity.failureDecided || decision.receipt === 'Failed',
          })
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

  /** Why a message was not tracked although its wamid is not: its Genesys id (and part) is taken. */
  private async notInsertable(
    tx: TenantTx,
    genesysMessageId: string,
    part: MessagePartRef,
  ): Promise<StateConflictError> {
    const partText = part.count > 1 ? ` part ${part.index + 1} of ${part.count}` : '';
    const taken = await this.messages.findByGenesysId(tx, genesysMessageId, part.index);
    return new StateConflictError(
      taken
        ? `Genesys message ${genesysMessageId}${partText} is tracked for another WhatsApp message`
        : `Genesys message ${genesysMessageId} is tracked with another part count than ${part.count}`,
    );
  }
}
