import { Transactions, type TenantTx } from '@switchboard/backend-data-access-persistence';
import { Injectable } from '@nestjs/common';
import type { GenesysCorrelation } from '@switchboard/shared-contracts';
import { StateCache } from '../cache/state-cache.service';
import { conversationCacheKeys } from '../cache/cache-keys.util';
import { StateConflictError } from '../common/state-errors';
import type { ConversationEntity } from '../conversations/conversation.entity';
import {
  ConversationsRepository,
  type ConversationTouch,
  type CustomerRef,
} from '../conversations/conversations.repository';
import { CustomerLocks } from '../locking/customer-lock.service';
import { TrackedMessagesRepository } from '../messages/tracked-messages.repository';
import { StateMetrics } from '../metrics/state-metrics.service';
import { retryOnUniqueViolation } from '../persistence/sql.util';
import { InboundTouches } from './inbound-touch.repository';
import { decideMapping, type MappingDecision } from './mapping-decision.util';

export interface CorrelationResult {
  readonly decision: MappingDecision;
  /** How the message's conversation became active: a new mapping, or a closed/expired one resumed. */
  readonly activated: 'created' | 'resumed' | null;
  /** The customer's active conversation afterwards. */
  readonly active: ConversationEntity | null;
  /** False when the message was tracked already (a redelivery). */
  readonly messageRecorded: boolean;
}

interface CorrelationTimes {
  /** WhatsApp's time of the message. */
  readonly inboundAt: Date;
  readonly activityAt: Date;
  readonly acceptedAt: Date;
}

function correlationTimes(correlation: GenesysCorrelation): CorrelationTimes {
  const inboundAt = new Date(correlation.messageTime);
  const acceptedAt = new Date(correlation.acceptedAt);
  return {
    inboundAt,
    activityAt: new Date(Math.max(inboundAt.getTime(), acceptedAt.getTime())),
    acceptedAt,
  };
}

interface Activation {
  readonly conversation: ConversationEntity;
  readonly how: 'created' | 'resumed';
}

/**
 * Applies what Genesys answered for an inbound message: the customer's conversation mapping
 * (at most one active; a newer conversation replaces the active one, an older message does not)
 * and the tracked inbound message. Idempotent: a redelivered correlation changes nothing.
 *
 * Most correlations belong to the customer's active conversation: one statement touches it and
 * tracks the message, serialised by the mapping's row lock alone. Only when that finds no such
 * mapping does the customer lock come in, for the decisions that create or replace mappings.
 */
@Injectable()
export class CorrelationService {
  constructor(
    private readonly transactions: Transactions,
    private readonly conversations: ConversationsRepository,
    private readonly messages: TrackedMessagesRepository,
    private readonly touches: InboundTouches,
    private readonly locks: CustomerLocks,
    private readonly cache: StateCache,
    private readonly metrics: StateMetrics,
  ) {}

  async apply(tenantId: string, correlation: GenesysCorrelation): Promise<CorrelationResult> {
    const times = correlationTimes(correlation);
    const touched = await this.transactions.inTenant(tenantId, async (tx) => {
      const touch = await this.touches.touchAndTrack(tx, correlation, times);
      if (touch && !touch.messageRecorded) await this.assertTracked(tx, correlation);
      return touch;
    });
    if (touched) {
      await this.cache.invalidate(conversationCacheKeys(touched.conversation));
      return {
        decision: 'touch',
        activated: null,
        active: touched.conversation,
        messageRecorded: touched.messageRecorded,
      };
    }
    return this.applyLocked(tenantId, correlation, times);
  }

  /** Every other case (first message, new or resumed conversation, late message): under the customer lock. */
  private async applyLocked(
    tenantId: string,
    correlation: GenesysCorrelation,
    times: CorrelationTimes,
  ): Promise<CorrelationResult> {
    const { result, changed } = await this.locks.withCustomers(tenantId, [correlation.customerWaId], () =>
      retryOnUniqueViolation(() =>
        this.transactions.inTenant(tenantId, (tx) => this.applyInTransaction(tx, correlation, times)),
      ),
    );
    await this.cache.invalidate(changed.flatMap(conversationCacheKeys));
    if (result.activated) this.metrics.mappingActivated(tenantId);
    return result;
  }

  private async applyInTransaction(
    tx: TenantTx,
    correlation: GenesysCorrelation,
    times: CorrelationTimes,
  ): Promise<{ result: CorrelationResult; changed: ConversationEntity[] }> {
    const customer: CustomerRef = {
      phoneNumberId: correlation.phoneNumberId,
      customerWaId: correlation.customerWaId,
    };
    const touch: ConversationTouch = {
      integrationId: correlation.integrationId,
      customerName: correlation.customerName ?? null,
      inbound: { at: times.inboundAt, whatsappMessageId: correlation.whatsappMessageId },
      activityAt: times.activityAt,
    };

    const current = await this.conversations.findActive(tx, customer, { lock: true });
    const decision = decideMapping(current, {
      conversationId: correlation.conversationId,
      messageTime: times.inboundAt,
    });
    const changed: ConversationEntity[] = [];
    let active = current;
    let activation: Activation | undefined;
    if (decision === 'touch' && current) {
      active = await this.conversations.touch(tx, current.id, touch);
      changed.push(active);
    }
    if (decision === 'switch' && current) {
      await this.conversations.end(tx, current.id, 'closed');
      changed.push(current);
    }
    if (decision === 'switch' || decision === 'activate') {
      activation = await this.activate(tx, correlation, touch);
      active = activation.conversation;
      changed.push(active);
    }

    const insertedId = await this.messages.insertIfAbsent(tx, {
      ...customer,
      direction: 'inbound',
      whatsappMessageId: correlation.whatsappMessageId,
      genesysMessageId: correlation.genesysMessageId,
      conversationId: correlation.conversationId,
      integrationId: correlation.integrationId,
      status: 'accepted',
      statusHistory: [{ status: 'accepted', at: times.acceptedAt.toISOString() }],
    });
    if (insertedId === undefined) await this.assertTracked(tx, correlation);

    return {
      result: {
        decision,
        activated: activation?.how ?? null,
        active,
        messageRecorded: insertedId !== undefined,
      },
      changed,
    };
  }

  /** Makes the correlation's conversation the active mapping: a new row, or its old row again. */
  private async activate(
    tx: TenantTx,
    correlation: GenesysCorrelation,
    touch: ConversationTouch,
  ): Promise<Activation> {
    const existing = await this.conversations.findByConversationId(tx, correlation.conversationId, {
      lock: true,
    });
    if (!existing) {
      const conversation = await this.conversations.insertActive(tx, {
        phoneNumberId: correlation.phoneNumberId,
        customerWaId: correlation.customerWaId,
        integrationId: correlation.integrationId,
        conversationId: correlation.conversationId,
        customerName: correlation.customerName ?? null,
        lastInbound: touch.inbound ?? null,
        lastActivityAt: touch.activityAt,
      });
      return { conversation, how: 'created' };
    }
    if (
      existing.phoneNumberId !== correlation.phoneNumberId ||
      existing.customerWaId !== correlation.customerWaId
    ) {
      throw new StateConflictError(
        `Genesys conversation ${correlation.conversationId} is mapped to another customer or number`,
      );
    }
    // Expired (idle past CONVERSATION_IDLE_TTL) or closed, and Genesys threads the customer into it again.
    const conversation = await this.conversations.touch(tx, existing.id, touch, { activate: true });
    return { conversation, how: 'resumed' };
  }

  /**
   * Nothing was inserted: fine when the wamid is tracked (a redelivery, or Genesys took the same
   * WhatsApp message twice after a lost answer: the first Genesys id stays). A conflict when only
   * the Genesys id is tracked, for another WhatsApp message.
   */
  private async assertTracked(tx: TenantTx, correlation: GenesysCorrelation): Promise<void> {
    const existing = await this.messages.findByWhatsAppId(tx, correlation.whatsappMessageId);
    if (!existing) {
      throw new StateConflictError(
        `Genesys message ${correlation.genesysMessageId} is tracked for another WhatsApp message`,
      );
    }
  }
}
