import {
  validateGenesysReceipt,
  validateWhatsAppStatus,
  type ApplyStatusResponse,
  type WhatsAppStatus,
} from '@switchboard/shared-contracts';
import { sampleItem } from '../../testing/samples.util';
import { buildReceiptDelivery } from './status-receipt.mapper';

function status(name: string): WhatsAppStatus {
  const validated = validateWhatsAppStatus(sampleItem(name).item);
  if (!validated.ok) throw new Error(`sample ${name} is invalid`);
  return validated.value;
}

function answer(receipt: ApplyStatusResponse['receipt']): ApplyStatusResponse {
  return {
    applied: true,
    previousStatus: 'sent',
    receipt,
    message: {
      id: '9d7f3a52-8a8e-4b53-9b4e-0a4c1f5b6e21',
      tenantId: 'tenant-a',
      direction: 'outbound',
      whatsappMessageId: 'wamid.FAKEOUT0006',
      genesysMessageId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
      conversationId: 'conversation-1',
      integrationId: 'integration-1',
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

describe(buildReceiptDelivery.name, () => {
  it('turns a Delivered decision into a receipt that is not final (spec sample)', () => {
    const sut = buildReceiptDelivery(answer('Delivered'), status('wa-status-delivered'));

    expect(sut).toEqual({
      kind: 'receipt',
      integrationId: 'integration-1',
      phoneNumberId: '109876543210987',
      customerWaId: '15551234567',
      genesysMessageId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
      whatsappMessageId: 'wamid.FAKEOUT0006',
      body: {
        id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
        channel: { to: { id: '15551234567', idType: 'Opaque' }, time: '2026-01-01T00:01:42.000Z' },
        status: 'Delivered',
        direction: 'Outbound',
        isFinalReceipt: false,
      },
    });
    expect(validateGenesysReceipt(sut?.body).ok).toBe(true);
  });

  it('turns a failed 131047 into a final Failed receipt with MessageExpired', () => {
    const sut = buildReceiptDelivery(answer('Failed'), status('wa-status-failed-131047'));

    expect(sut?.body).toEqual({
      id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
      channel: { to: { id: '15551234567', idType: 'Opaque' }, time: '2026-01-02T00:03:20.000Z' },
      status: 'Failed',
      direction: 'Outbound',
      isFinalReceipt: true,
      reasons: [
        {
          code: 'MessageExpired',
          message:
            'WhatsApp 131047 (Re-engagement message): Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
        },
      ],
    });
    expect(validateGenesysReceipt(sut?.body).ok).toBe(true);
  });

  it('reports a failure without an error code as GeneralError', () => {
    const failed = { ...status('wa-status-failed-131047'), errors: undefined };

    const sut = buildReceiptDelivery(answer('Failed'), failed);

    expect(sut?.body['reasons']).toEqual([
      { code: 'GeneralError', message: 'WhatsApp reported the message as failed without an error code' },
    ]);
  });

  it('sends nothing when the status called for no receipt', () => {
    expect(buildReceiptDelivery(answer(null), status('wa-status-read'))).toBeNull();
  });
});
