import { consumerOptions } from '@switchboard/backend-util-config';
import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ConsumerRegistry, PermanentError, type MessageContext } from '@switchboard/backend-util-messaging';
import {
  PIPELINE_MESSAGE_TYPES,
  QUEUES,
  genesysOutboundEventSchema,
  type Envelope,
  type GenesysOutboundEvent,
  type GenesysOutboundEventKind,
} from '@switchboard/shared-contracts';
import {
  OUTBOUND_TRANSFORMER_CONFIG,
  type OutboundTransformerConfig,
} from '../config/outbound-transformer.config';
import { OutboundMessageHandler } from './outbound-message.handler';
import { ReceiptHandler } from './receipt.handler';
import { TypingHandler } from './typing.handler';

const KIND_OF_TYPE: Readonly<Record<string, GenesysOutboundEventKind>> = {
  [PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_MESSAGE]: 'message',
  [PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_RECEIPT]: 'receipt',
  [PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_TYPING]: 'typing',
};

/**
 * The ordering key of `genesys.outbound.raw`: one customer of one integration of a tenant, so
 * that an agent's messages reach the customer in the order they were written. Receipts (about
 * the customer's messages) need no order and do not wait behind the agent's messages.
 */
export function outboundOrderingKey(envelope: Envelope<GenesysOutboundEvent>): string {
  const { integrationId, customerId, kind, genesysMessageId } = envelope.payload;
  const customer = `${envelope.tenantId}/${integrationId}/${customerId}`;
  return kind === 'receipt' ? `${customer}/receipt/${genesysMessageId}` : customer;
}

/** Consumes `genesys.outbound.raw` (ordered per customer) and hands each event to its handler. */
@Injectable()
export class OutboundEventConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly consumers: ConsumerRegistry,
    private readonly messages: OutboundMessageHandler,
    private readonly receipts: ReceiptHandler,
    private readonly typing: TypingHandler,
    @Inject(OUTBOUND_TRANSFORMER_CONFIG) private readonly config: OutboundTransformerConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.start<GenesysOutboundEvent>({
      queue: QUEUES.OUTBOUND_RAW,
      payloadSchema: genesysOutboundEventSchema,
      ...consumerOptions(this.config),
      retry: {
        maxAttempts: this.config.CONSUMER_MAX_ATTEMPTS,
        baseDelayMs: this.config.CONSUMER_RETRY_BASE_DELAY_MS,
        maxDelayMs: this.config.CONSUMER_RETRY_MAX_DELAY_MS,
      },
      orderingKey: outboundOrderingKey,
      handler: (envelope, context) => this.dispatch(envelope, context),
    });
  }

  /** Stop taking messages and let running ones finish while Redis and storage are still open. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.consumers.stopAll();
  }

  async dispatch(envelope: Envelope<GenesysOutboundEvent>, context: MessageContext): Promise<void> {
    const kind = KIND_OF_TYPE[envelope.type];
    if (kind === undefined) throw new PermanentError(`unexpected envelope type ${envelope.type}`);
    if (kind !== envelope.payload.kind) {
      throw new PermanentError(`envelope type ${envelope.type} carries a ${envelope.payload.kind} payload`);
    }
    switch (kind) {
      case 'message':
        return this.messages.handle(envelope, context);
      case 'receipt':
        return this.receipts.handle(envelope);
      case 'typing':
        return this.typing.handle(envelope);
    }
  }
}
