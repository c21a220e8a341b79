import { validateGenesysReceipt, type WhatsAppDeliveryOutcomeOf } from '@switchboard/shared-contracts';
import { buildFailedReceiptDelivery } from './failed-receipt.mapper';

const outcome = (
  overrides: Partial<WhatsAppDeliveryOutcomeOf<'failed'>> = {},
): WhatsAppDeliveryOutcomeOf<'failed'> => ({
  outcome: 'failed',
  integrationId: 'integration-a',
  phoneNumberId: '109876543210987',
  customerWaId: '15551234567',
  genesysMessageId: 'genesys-out-1',
  conversationId: 'conversation-1',
  at: '2026-03-01T10:00:00.000Z',
  whatsappMessageIds: [],
  failure: {
    stage: 'send',
    reason: 'RecipientOptedOut',
    message: 'WhatsApp 131050: the customer stopped marketing messages',
    whatsappErrorCode: 131050,
    templateRequired: false,
  },
  ...overrides,
});

describe(buildFailedReceiptDelivery.name, () => {
  it('builds a valid final Failed receipt for the agent message with the reason of the outcome', () => {
    const sut = buildFailedReceiptDelivery(outcome());

    expect(validateGenesysReceipt(sut.body).ok).toBe(true);
    expect(sut).toEqual({
      kind: 'receipt',
      integrationId: 'integration-a',
      phoneNumberId: '109876543210987',
      customerWaId: '15551234567',
      genesysMessageId: 'genesys-out-1',
      body: {
        id: 'genesys-out-1',
        channel: { to: { id: '15551234567', idType: 'Opaque' }, time: '2026-03-01T10:00:00.000Z' },
        direction: 'Outbound',
        status: 'Failed',
        reasons: [
          { code: 'RecipientOptedOut', message: 'WhatsApp 131050: the customer stopped marketing messages' },
        ],
        isFinalReceipt: true,
      },
    });
  });

  it('names the first part WhatsApp accepted when a later part failed', () => {
    const sut = buildFailedReceiptDelivery(outcome({ whatsappMessageIds: ['wamid.PART-0', 'wamid.PART-1'] }));

    expect(sut.whatsappMessageId).toBe('wamid.PART-0');
  });
});
