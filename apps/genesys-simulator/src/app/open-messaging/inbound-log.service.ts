import { Inject, Injectable } from '@nestjs/common';
import { GENESYS_SIMULATOR_CONFIG, type GenesysSimulatorConfig } from '../config/genesys-simulator.config';
import { RingBuffer } from '@switchboard/shared-util-collections';
import { ClockService } from '../core/clock.service';
import { type Resettable, SimulatorStateService } from '../core/simulator-state.service';
import type { InboundLogFilter } from './open-messaging.dto';

export type InboundKind = 'message' | 'receipt' | 'event' | 'structured-response' | 'legacy-message';

/** One request to an inbound Open Messaging endpoint, accepted or not, as received. */
export interface InboundRecord {
  readonly seq: number;
  readonly kind: InboundKind;
  readonly integrationId?: string;
  readonly receivedAt: string;
  readonly status: number;
  readonly accepted: boolean;
  readonly error?: string;
  readonly customerId?: string;
  readonly conversationId?: string;
  readonly genesysMessageId?: string;
  /** `channel.messageId` of an inbound message: the provider's id (the wamid). */
  readonly providerMessageId?: string;
  /**
   * Receipts: whether `id` is an outbound message the simulator sent to that customer.
   * Structured responses: whether `originatingMessageId` is one.
   */
  readonly referencesKnownMessage?: boolean;
  readonly body: unknown;
  readonly response?: unknown;
}

export type NewInboundRecord = Omit<InboundRecord, 'seq' | 'receivedAt'>;

/** Everything the inbound endpoints received, in order, bounded to the newest MAX_RECORDED_ITEMS. */
@Injectable()
export class InboundLogService implements Resettable {
  private readonly records: RingBuffer<InboundRecord>;
  private nextSeq = 1;

  constructor(
    @Inject(GENESYS_SIMULATOR_CONFIG) config: GenesysSimulatorConfig,
    private readonly clock: ClockService,
    registry: SimulatorStateService,
  ) {
    this.records = new RingBuffer(config.limits.maxRecordedItems);
    registry.register(this);
  }

  record(record: NewInboundRecord): void {
    this.records.push({ seq: this.nextSeq++, receivedAt: this.clock.nowIso(), ...record });
  }

  list(filter: InboundLogFilter): { items: InboundRecord[]; dropped: number } {
    const items = this.records
      .toArray()
      .filter((record) => filter.integrationId === undefined || record.integrationId === filter.integrationId)
      .filter((record) => filter.kind === undefined || record.kind === filter.kind)
      .filter((record) => filter.customerId === undefined || record.customerId === filter.customerId)
      .filter((record) => filter.accepted === undefined || String(record.accepted) === filter.accepted)
      .filter(
        (record) =>
          filter.messageId === undefined ||
          record.providerMessageId === filter.messageId ||
          record.genesysMessageId === filter.messageId,
      )
      .filter((record) => filter.afterSeq === undefined || record.seq > filter.afterSeq);
    return { items, dropped: this.records.dropped };
  }

  reset(): void {
    this.records.clear();
    this.nextSeq = 1;
  }
}
