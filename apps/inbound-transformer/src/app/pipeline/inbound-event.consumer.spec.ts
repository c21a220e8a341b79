import {
  PermanentError,
  type ConsumerRegistry,
  type MessageContext,
} from '@switchboard/backend-util-messaging';
import {
  PIPELINE_MESSAGE_TYPES,
  QUEUES,
  createEnvelope,
  type Envelope,
  type WhatsAppInboundEvent,
} from '@switchboard/shared-contracts';
import type { InboundTransformerConfig } from '../config/inbound-transformer.config';
import type { InboundMessageHandler } from './inbound-message.handler';
import { InboundEventConsumer, inboundOrderingKey } from './inbound-event.consumer';
import type { StatusHandler } from './status.handler';
import type { SystemErrorHandler } from './system-error.handler';

const context: MessageContext = {
  queue: QUEUES.INBOUND_RAW,
  attempt: 0,
  retryLaterCount: 0,
  headers: {},
  redelivered: false,
  messageId: undefined,
};

function envelope(type: string, kind: WhatsAppInboundEvent['kind']): Envelope<WhatsAppInboundEvent> {
  return createEnvelope({
    tenantId: 'tenant-a',
    type,
    payload: {
      kind,
      phoneNumberId: '109876543210987',
      customerWaId: '15551234567',
      receivedAt: '2026-01-01T00:00:00.000Z',
      batchIndex: 0,
      item: {},
    },
  });
}

describe(InboundEventConsumer.name, () => {
  const handled: string[] = [];
  const record = (what: string) => async () => {
    handled.push(what);
  };
  const sut = new InboundEventConsumer(
    {} as ConsumerRegistry,
    { handle: record('message') } as unknown as InboundMessageHandler,
    { handle: record('status') } as unknown as StatusHandler,
    { handle: record('error') } as unknown as SystemErrorHandler,
    {} as InboundTransformerConfig,
  );

  beforeEach(() => handled.splice(0));

  it('hands each envelope type to its handler', async () => {
    await sut.dispatch(envelope(PIPELINE_MESSAGE_TYPES.WHATSAPP_MESSAGE, 'message'), context);
    await sut.dispatch(envelope(PIPELINE_MESSAGE_TYPES.WHATSAPP_STATUS, 'status'), context);
    await sut.dispatch(envelope(PIPELINE_MESSAGE_TYPES.WHATSAPP_ERROR, 'error'), context);

    expect(handled).toEqual(['message', 'status', 'error']);
  });

  it('dead-letters an envelope of another type', async () => {
    await expect(sut.dispatch(envelope('genesys.receipt', 'status'), context)).rejects.toThrow(
      new PermanentError('unexpected envelope type genesys.receipt'),
    );
    expect(handled).toEqual([]);
  });

  it('dead-letters a payload whose kind contradicts the envelope type', async () => {
    await expect(
      sut.dispatch(envelope(PIPELINE_MESSAGE_TYPES.WHATSAPP_MESSAGE, 'status'), context),
    ).rejects.toBeInstanceOf(PermanentError);
    expect(handled).toEqual([]);
  });
});

describe(inboundOrderingKey.name, () => {
  it('keys messages by tenant, number and customer', () => {
    expect(inboundOrderingKey(envelope(PIPELINE_MESSAGE_TYPES.WHATSAPP_MESSAGE, 'message'))).toBe(
      'tenant-a/109876543210987/15551234567',
    );
  });

  it('keys a status by its message, so that it never holds back the messages of its customer', () => {
    const status = envelope(PIPELINE_MESSAGE_TYPES.WHATSAPP_STATUS, 'status');
    const withId = {
      ...status,
      payload: { ...status.payload, item: { id: 'wamid.ours-1', status: 'read' } },
    };

    expect(inboundOrderingKey(withId)).toBe('tenant-a/109876543210987/15551234567/status/wamid.ours-1');
    expect(inboundOrderingKey(status)).toBe(`tenant-a/109876543210987/15551234567/status/${status.id}`);
  });
});
