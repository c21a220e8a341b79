import { Inject, Injectable } from '@nestjs/common';
import { GENESYS_SIMULATOR_CONFIG, type GenesysSimulatorConfig } from '../config/genesys-simulator.config';
import { BoundedMap } from '@switchboard/shared-util-collections';
import { type Resettable, SimulatorStateService } from '../core/simulator-state.service';

/** A message Genesys assigned an id to, inbound (from the customer) or outbound (to them). */
export interface IndexedMessage {
  readonly genesysMessageId: string;
  readonly direction: 'Inbound' | 'Outbound';
  readonly integrationId: string;
  readonly customerId: string;
  readonly customerIdType: string;
  readonly conversationId: string;
  /** `channel.messageId` the provider sent with an inbound message (the wamid). */
  readonly providerMessageId?: string;
}

/** Genesys message ids of recent messages, so receipts and replies can be checked against them. */
@Injectable()
export class MessageIndexService implements Resettable {
  private readonly messages: BoundedMap<string, IndexedMessage>;

  constructor(
    @Inject(GENESYS_SIMULATOR_CONFIG) config: GenesysSimulatorConfig,
    registry: SimulatorStateService,
  ) {
    this.messages = new BoundedMap(config.limits.maxRecordedItems);
    registry.register(this);
  }

  record(message: IndexedMessage): void {
    this.messages.set(message.genesysMessageId, message);
  }

  find(genesysMessageId: string): IndexedMessage | undefined {
    return this.messages.get(genesysMessageId);
  }

  reset(): void {
    this.messages.clear();
  }
}
