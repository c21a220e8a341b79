import type {
  GenesysDeliveryOf,
  GenesysReceiptRequest,
  WhatsAppDeliveryOutcomeOf,
} from '@switchboard/shared-contracts';

/**
 * The final Failed receipt (spec B4) that tells the agent their message did not reach the
 * customer, with the reason the outbound pipeline found (window closed, media refused, WhatsApp
 * error, unknown conversation, …).
 */
export function buildFailedReceiptDelivery(
  outcome: WhatsAppDeliveryOutcomeOf<'failed'>,
): GenesysDeliveryOf<'receipt'> {
  const body: GenesysReceiptRequest = {
    id: outcome.genesysMessageId,
    channel: { to: { id: outcome.customerWaId, idType: 'Opaque' }, time: outcome.at },
    direction: 'Outbound',
    status: 'Failed',
    reasons: [{ code: outcome.failure.reason, message: outcome.failure.message }],
    isFinalReceipt: true,
  };
  return {
    kind: 'receipt',
    integrationId: outcome.integrationId,
    phoneNumberId: outcome.phoneNumberId,
    customerWaId: outcome.customerWaId,
    genesysMessageId: outcome.genesysMessageId,
    ...(outcome.whatsappMessageIds[0] ? { whatsappMessageId: outcome.whatsappMessageIds[0] } : {}),
    body,
  };
}
