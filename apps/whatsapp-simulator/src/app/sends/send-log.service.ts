import { Inject, Injectable } from '@nestjs/common';
import { RingBuffer } from '@switchboard/shared-util-collections';
import { SimulatorClock } from '../common/simulator-clock.service';
import { WHATSAPP_SIMULATOR_CONFIG, type WhatsAppSimulatorConfig } from '../config/whatsapp-simulator.config';

export type SendKind = 'message' | 'mark_read' | 'typing_indicator';

export interface RecordedSend {
  readonly sequence: number;
  readonly kind: SendKind;
  readonly phoneNumberId: string;
  /** Recipient as sent (`to`) and as WhatsApp id (digits only); absent for mark-as-read. */
  readonly to?: string;
  readonly waId?: string;
  readonly type?: string;
  /** Our wamid for a message; the read message's id for mark-as-read. */
  readonly wamid: string;
  readonly payload: Record<string, unknown>;
  readonly receivedAt: string;
}

export interface SendFilter {
  readonly phoneNumberId?: string;
  readonly to?: string;
  readonly kind?: SendKind;
  readonly type?: string;
  readonly afterSequence?: number;
  readonly limit?: number;
}

/**
 * Every accepted send request, oldest first, bounded by MAX_RECORDED_SENDS. Message sends are
 * also indexed by wamid: status webhooks look them up at send rate, so the lookup must be O(1).
 */
@Injectable()
export class SendLogService {
  private readonly sends: RingBuffer<RecordedSend>;
  private readonly messagesByWamid = new Map<string, RecordedSend>();
  private sequence = 0;

  constructor(
    @Inject(WHATSAPP_SIMULATOR_CONFIG) config: WhatsAppSimulatorConfig,
    private readonly clock: SimulatorClock,
  ) {
    this.sends = new RingBuffer(config.MAX_RECORDED_SENDS);
  }

  record(send: Omit<RecordedSend, 'sequence' | 'receivedAt'>): RecordedSend {
    this.sequence += 1;
    const recorded: RecordedSend = { ...send, sequence: this.sequence, receivedAt: this.clock.isoNow() };
    const evicted = this.sends.push(recorded);
    if (evicted && this.messagesByWamid.get(evicted.wamid) === evicted)
      this.messagesByWamid.delete(evicted.wamid);
    if (recorded.kind === 'message') this.messagesByWamid.set(recorded.wamid, recorded);
    return recorded;
  }

  list(filter: SendFilter = {}): RecordedSend[] {
    const digitsOfTo = filter.to?.replace(/\D/g, '');
    const items = this.sends
      .toArray()
      .filter(
        (send) =>
          (filter.phoneNumberId === undefined || send.phoneNumberId === filter.phoneNumberId) &&
          (digitsOfTo === undefined || send.waId === digitsOfTo) &&
          (filter.kind === undefined || send.kind === filter.kind) &&
          (filter.type === undefined || send.type === filter.type) &&
          (filter.afterSequence === undefined || send.sequence > filter.afterSequence),
      );
    return filter.limit === undefined ? items : items.slice(-filter.limit);
  }

  /** The message send that produced a wamid, if still recorded. */
  findMessage(wamid: string): RecordedSend | undefined {
    return this.messagesByWamid.get(wamid);
  }

  get size(): number {
    return this.sends.size;
  }

  get dropped(): number {
    return this.sends.dropped;
  }

  reset(): void {
    this.sends.clear();
    this.messagesByWamid.clear();
    this.sequence = 0;
  }
}
