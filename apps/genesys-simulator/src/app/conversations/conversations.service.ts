import { Inject, Injectable, Logger } from '@nestjs/common';
import { GENESYS_SIMULATOR_CONFIG, type GenesysSimulatorConfig } from '../config/genesys-simulator.config';
import { BoundedMap } from '@switchboard/shared-util-collections';
import { ClockService } from '../core/clock.service';
import { newConversationId } from '../core/ids.util';
import { type Resettable, SimulatorStateService } from '../core/simulator-state.service';

/** The external user as Genesys knows them: `channel.from` of inbound, `channel.to` of outbound. */
export interface Customer {
  readonly id: string;
  readonly idType: string;
}

/**
 * `active`: connected. `disconnected`: within the threading timeline after a disconnect (the
 * next message joins it again). `expired`: past it (the next message starts a new conversation).
 */
export type ConversationState = 'active' | 'disconnected' | 'expired';

export interface ConversationView {
  readonly conversationId: string;
  readonly integrationId: string;
  readonly customerId: string;
  readonly customerIdType: string;
  readonly state: ConversationState;
  readonly startedAt: string;
  readonly lastMessageAt: string;
  readonly disconnectedAt?: string;
  readonly messageCount: number;
  /** Earlier conversations of the same customer on the same integration, newest first. */
  readonly previousConversationIds: readonly string[];
}

export interface ConversationFilter {
  readonly integrationId?: string;
  readonly customerId?: string;
}

interface ConversationRecord {
  conversationId: string;
  readonly integrationId: string;
  readonly customerId: string;
  customerIdType: string;
  startedAt: number;
  lastMessageAt: number;
  messageCount: number;
  /** When the conversation was last disconnected; absent while it is connected. */
  disconnectedAt?: number;
  previousConversationIds: string[];
}

const MAX_PREVIOUS_CONVERSATIONS = 10;

function keyOf(integrationId: string, customerId: string): string {
  return `${integrationId}\u0000${customerId}`;
}

/**
 * Threading (spec B5): messages of the same customer on the same integration join one
 * conversation while it is connected. After a disconnect (control API), a message within the
 * threading timeline (THREADING_WINDOW_SECONDS after the disconnect) joins the same
 * conversation again; a later one starts a new conversation id.
 */
@Injectable()
export class ConversationsService implements Resettable {
  private readonly logger = new Logger(ConversationsService.name);
  private readonly conversations: BoundedMap<string, ConversationRecord>;
  private readonly windowMs: number;

  constructor(
    @Inject(GENESYS_SIMULATOR_CONFIG) config: GenesysSimulatorConfig,
    private readonly clock: ClockService,
    registry: SimulatorStateService,
  ) {
    this.conversations = new BoundedMap(config.limits.maxConversations);
    this.windowMs = config.threadingWindowSeconds * 1000;
    registry.register(this);
  }

  /** A message between the customer and the integration: joins (and reconnects) the conversation or starts one. */
  recordMessage(integrationId: string, customer: Customer): ConversationView {
    const record = this.currentRecord(integrationId, customer);
    record.lastMessageAt = this.clock.now();
    record.messageCount += 1;
    record.disconnectedAt = undefined;
    this.conversations.set(keyOf(integrationId, customer.id), record);
    return this.toView(record);
  }

  /** The conversation for an event or receipt, which neither counts as a message nor reconnects it. */
  currentOrStart(integrationId: string, customer: Customer): ConversationView {
    const record = this.currentRecord(integrationId, customer);
    this.conversations.set(keyOf(integrationId, customer.id), record);
    return this.toView(record);
  }

  find(integrationId: string, customerId: string): ConversationView | undefined {
    const record = this.conversations.get(keyOf(integrationId, customerId));
    return record && this.toView(record);
  }

  disconnect(integrationId: string, customerId: string): ConversationView | undefined {
    const record = this.conversations.get(keyOf(integrationId, customerId));
    if (!record) return undefined;
    record.disconnectedAt ??= this.clock.now();
    this.logger.log(`conversation ${record.conversationId} disconnected`);
    return this.toView(record);
  }

  list(filter: ConversationFilter): ConversationView[] {
    return this.conversations
      .values()
      .filter((record) => filter.integrationId === undefined || record.integrationId === filter.integrationId)
      .filter((record) => filter.customerId === undefined || record.customerId === filter.customerId)
      .map((record) => this.toView(record));
  }

  reset(): void {
    this.conversations.clear();
  }

  private currentRecord(integrationId: string, customer: Customer): ConversationRecord {
    const now = this.clock.now();
    const existing = this.conversations.get(keyOf(integrationId, customer.id));
    if (existing && this.stateOf(existing, now) !== 'expired') {
      existing.customerIdType = customer.idType;
      return existing;
    }
    const conversationId = newConversationId();
    this.logger.log(`conversation ${conversationId} started for ${customer.id} on ${integrationId}`);
    const previous = existing
      ? [existing.conversationId, ...existing.previousConversationIds].slice(0, MAX_PREVIOUS_CONVERSATIONS)
      : [];
    return {
      conversationId,
      integrationId,
      customerId: customer.id,
      customerIdType: customer.idType,
      startedAt: now,
      lastMessageAt: now,
      messageCount: 0,
      previousConversationIds: previous,
    };
  }

  private stateOf(record: ConversationRecord, now: number): ConversationState {
    if (record.disconnectedAt === undefined) return 'active';
    return now - record.disconnectedAt >= this.windowMs ? 'expired' : 'disconnected';
  }

  private toView(record: ConversationRecord): ConversationView {
    return {
      conversationId: record.conversationId,
      integrationId: record.integrationId,
      customerId: record.customerId,
      customerIdType: record.customerIdType,
      state: this.stateOf(record, this.clock.now()),
      startedAt: new Date(record.startedAt).toISOString(),
      lastMessageAt: new Date(record.lastMessageAt).toISOString(),
      ...(record.disconnectedAt !== undefined && {
        disconnectedAt: new Date(record.disconnectedAt).toISOString(),
      }),
      messageCount: record.messageCount,
      previousConversationIds: [...record.previousConversationIds],
    };
  }
}
