import type { StateManagerClient } from '@switchboard/backend-data-access-platform-clients';
import {
  PermanentError,
  PublishNotConfirmedError,
  RetryLaterError,
  type MessageContext,
  type MessagePublisher,
} from '@switchboard/backend-util-messaging';
import {
  PIPELINE_MESSAGE_TYPES,
  QUEUES,
  ROUTING_KEYS,
  createEnvelope,
  type ApplyStatusResponse,
  type Envelope,
  type GenesysDeliveryOf,
  type WhatsAppInboundEvent,
} from '@switchboard/shared-contracts';
import { sampleItem } from '../../testing/samples.util';
import type { InboundTransformerConfig } from '../config/inbound-transformer.config';
import type { IdempotencyClaims } from '@switchboard/backend-util-idempotency';
import { InboundMetrics } from '../metrics/inbound.metrics';
import type { PendingReceipts } from '../receipts/pending-receipts.store';
import { StatusHandler } from './status.handler';

const context = (retryLaterCount = 0): MessageContext => ({
  queue: QUEUES.INBOUND_RAW,
  attempt: 0,
  retryLaterCount,
  headers: {},
  redelivered: false,
  messageId: undefined,
});

function statusEnvelope(item: Record<string, unknown>): Envelope<WhatsAppInboundEvent> {
  return createEnvelope({
    tenantId: 'tenant-a',
    type: PIPELINE_MESSAGE_TYPES.WHATSAPP_STATUS,
    payload: {
      kind: 'status',
      phoneNumberId: '109876543210987',
      customerWaId: '15551234567',
      receivedAt: '2026-01-01T00:00:00.000Z',
      batchIndex: 0,
      item,
    },
  });
}

function deliveredAnswer(receipt: ApplyStatusResponse['receipt']): ApplyStatusResponse {
  return {
    applied: receipt !== null,
    previousStatus: 'sent',
    receipt,
    message: {
      id: '9d7f3a52-8a8e-4b53-9b4e-0a4c1f5b6e21',
      tenantId: 'tenant-a',
      direction: 'outbound',
      whatsappMessageId: 'wamid.FAKEOUT0006',
      genesysMessageId: 'genesys-out-6',
      conversationId: 'conversation-1',
      integrationId: 'integration-a',
      phoneNumberId: '109876543210987',
      customerWaId: '15551234567',
      status: 'delivered',
      statusHistory: [],
      partIndex: 0,
      partCount: 1,
      createdAt: '2026-01-01T00:00:00.000Z',
    },
  };
}

class InMemoryPendingReceipts {
  readonly stash = new Map<string, GenesysDeliveryOf<'receipt'>>();
  async get(key: string) {
    return this.stash.get(key) ?? null;
  }
  async save(key: string, delivery: GenesysDeliveryOf<'receipt'>) {
    this.stash.set(key, delivery);
  }
  async clear(key: string) {
    this.stash.delete(key);
  }
}

describe(StatusHandler.name, () => {
  const applyStatus = jest.fn<Promise<ApplyStatusResponse | null>, unknown[]>();
  const publish = jest.fn<Promise<void>, [string, Envelope]>();
  let pending: InMemoryPendingReceipts;
  let sut: StatusHandler;

  beforeEach(() => {
    applyStatus.mockReset();
    publish.mockReset().mockResolvedValue(undefined);
    pending = new InMemoryPendingReceipts();
    sut = new StatusHandler(
      {
        runOnce: (_key: string, work: () => Promise<void>) => work().then(() => 'handled'),
      } as unknown as IdempotencyClaims,
      { applyStatus } as unknown as StateManagerClient,
      pending as unknown as PendingReceipts,
      { publish } as unknown as MessagePublisher,
      new InboundMetrics(),
      { UNTRACKED_STATUS_RETRIES: 2, UNTRACKED_STATUS_RETRY_DELAY_MS: 2000 } as InboundTransformerConfig,
    );
  });

  it('publishes the receipt state-manager decided on genesys.delivery', async () => {
    applyStatus.mockResolvedValue(deliveredAnswer('Delivered'));

    await sut.handle(statusEnvelope(sampleItem('wa-status-delivered').item), context());

    expect(applyStatus).toHaveBeenCalledWith('tenant-a', 'wamid.FAKEOUT0006', {
      status: 'delivered',
      at: '2026-01-01T00:01:42.000Z',
    });
    expect(publish).toHaveBeenCalledWith(
      ROUTING_KEYS.GENESYS_DELIVERY,
      expect.objectContaining({
        type: PIPELINE_MESSAGE_TYPES.GENESYS_RECEIPT,
        payload: expect.objectContaining({ kind: 'receipt', genesysMessageId: 'genesys-out-6' }),
      }),
    );
    expect(pending.stash.size).toBe(0);
  });

  it('publishes the stashed receipt on the retry after a failed publish, without asking state-manager again', async () => {
    applyStatus.mockResolvedValueOnce(deliveredAnswer('Delivered')).mockResolvedValue(deliveredAnswer(null));
    publish.mockRejectedValueOnce(
      new PublishNotConfirmedError('timeout', {
        exchange: 'switchboard.pipeline',
        routingKey: 'genesys.delivery',
      }),
    );
    const envelope = statusEnvelope(sampleItem('wa-status-delivered').item);

    await expect(sut.handle(envelope, context())).rejects.toBeInstanceOf(PublishNotConfirmedError);
    await sut.handle(envelope, context());

    expect(applyStatus).toHaveBeenCalledTimes(1);
    expect(publish).toHaveBeenCalledTimes(2);
    expect(publish.mock.calls[1]![1].payload).toMatchObject({
      kind: 'receipt',
      body: { status: 'Delivered' },
    });
    expect(pending.stash.size).toBe(0);
  });

  it('sends nothing when the status calls for no receipt', async () => {
    applyStatus.mockResolvedValue(deliveredAnswer(null));

    await sut.handle(statusEnvelope(sampleItem('wa-status-read').item), context());

    expect(publish).not.toHaveBeenCalled();
  });

  it('retries a status for an untracked wamid later, a bounded number of times', async () => {
    applyStatus.mockResolvedValue(null);
    const envelope = statusEnvelope(sampleItem('wa-status-delivered').item);

    const early = await sut.handle(envelope, context(1)).catch((error: unknown) => error);
    const late = await sut.handle(envelope, context(2)).catch((error: unknown) => error);

    expect(early).toBeInstanceOf(RetryLaterError);
    expect((early as RetryLaterError).delayMs).toBe(2000);
    expect(late).toEqual(
      new PermanentError(
        'status delivered for wamid.FAKEOUT0006: a message Switchboard did not send (state-manager does not track it)',
      ),
    );
  });

  it('dead-letters an invalid status with the reason', async () => {
    const item = { ...sampleItem('wa-status-delivered').item, status: 'seen' };

    await expect(sut.handle(statusEnvelope(item), context())).rejects.toThrow(
      /^invalid WhatsApp status: status: /,
    );
    expect(applyStatus).not.toHaveBeenCalled();
  });
});
