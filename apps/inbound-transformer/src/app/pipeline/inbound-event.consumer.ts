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
  customerOrderingKey,
  whatsAppInboundEventSchema,
  type Envelope,
  type WhatsAppInboundEvent,
  type WhatsAppInboundEventKind,
} from '@switchboard/shared-contracts';
import {
  INBOUND_TRANSFORMER_CONFIG,
  type InboundTransformerConfig,
} from '../config/inbound-transformer.config';
import { InboundMessageHandler } from './inbound-message.handler';
import { StatusHandler } from './status.handler';
import { SystemErrorHandler } from './system-error.handler';

const KIND_OF_TYPE: Readonly<Record<string, WhatsAppInboundEventKind>> = {
  [PIPELINE_MESSAGE_TYPES.WHATSAPP_MESSAGE]: 'message',
  [PIPELINE_MESSAGE_TYPES.WHATSAPP_STATUS]: 'status',
  [PIPELINE_MESSAGE_TYPES.WHATSAPP_ERROR]: 'error',
};

/** The ordering key of `whatsapp.inbound.raw`: one customer of one tenant's number. */
export function inboundOrderingKey(envelope: Envelope<WhatsAppInboundEvent>): string {
  const customer = customerOrderingKey(
    envelope.tenantId,
    envelope.payload.phoneNumberId,
    envelope.payload.customerWaId,
  );
  // Statuses need no order with the customer's messages (state only moves forward), and one
  // that waits for its send to be recorded must not hold the customer's next messages back.
  if (envelope.payload.kind !== 'status') return customer;
  const item = envelope.payload.item;
  const wamid = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
  return `${customer}/status/${typeof wamid === 'string' ? wamid : envelope.id}`;
}

/** Consumes `whatsapp.inbound.raw` (ordered per customer) and hands each event to its handler. */
@Injectable()
export class InboundEventConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly consumers: ConsumerRegistry,
    private readonly messages: InboundMessageHandler,
    private readonly statuses: StatusHandler,
    private readonly errors: SystemErrorHandler,
    @Inject(INBOUND_TRANSFORMER_CONFIG) private readonly config: InboundTransformerConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.start<WhatsAppInboundEvent>({
      queue: QUEUES.INBOUND_RAW,
      payloadSchema: whatsAppInboundEventSchema,
      ...consumerOptions(this.config),
      orderingKey: inboundOrderingKey,
      handler: (envelope, context) => this.dispatch(envelope, context),
    });
  }

  /** Stop taking messages and let running ones finish while Redis and storage are still open. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.consumers.stopAll();
  }

  async dispatch(envelope: Envelope<WhatsAppInboundEvent>, context: MessageContext): Promise<void> {
    const kind = KIND_OF_TYPE[envelope.type];
    if (kind === undefined) throw new PermanentError(`unexpected envelope type ${envelope.type}`);
    if (kind !== envelope.payload.kind) {
      throw new PermanentError(`envelope type ${envelope.type} carries a ${envelope.payload.kind} payload`);
    }
    switch (kind) {
      case 'message':
        return this.messages.handle(envelope, context);
      case 'status':
        return this.statuses.handle(envelope, context);
      case 'error':
        return this.errors.handle(envelope);
    }
  }
}
