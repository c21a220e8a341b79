import {
  genesysReasonForWhatsAppError,
  type ApplyStatusResponse,
  type GenesysDeliveryOf,
  type GenesysReceiptRequest,
  type WhatsAppStatus,
  type WhatsAppWebhookError,
} from '@switchboard/shared-contracts';
import { whatsAppTimeToIso } from '../mapping/genesys-inbound-message.builder';

/** "WhatsApp 131047 (Re-engagement message): Message failed to send because …" */
export function failureReasonMessage(error: WhatsAppWebhookError | undefined): string {
  if (!error) return 'WhatsApp reported the message as failed without an error code';
  const title = error.title ?? error.message;
  const details = error.error_data?.details;
  return `WhatsApp ${error.code}${title ? ` (${title})` : ''}${details ? `: ${details}` : ''}`;
}

/**
 * The Genesys receipt a status transition calls for (spec B4), when state-manager decided one:
 * Delivered (not final: the agent's message may still be read), or Failed with the reason of
 * WhatsApp's first error code, final. The customer is the one the tracked message went to.
 */
export function buildReceiptDelivery(
  answer: ApplyStatusResponse,
  status: WhatsAppStatus,
): GenesysDeliveryOf<'receipt'> | null {
  if (answer.receipt === null) return null;
  const tracked = answer.message;
  const common = {
    id: tracked.genesysMessageId,
    channel: {
      to: { id: tracked.customerWaId, idType: 'Opaque' as const },
      time: whatsAppTimeToIso(status.timestamp),
    },
    direction: 'Outbound' as const,
  };
  const firstError = status.errors?.[0];
  const body: GenesysReceiptRequest =
    answer.receipt === 'Delivered'
      ? { ...common, status: 'Delivered', isFinalReceipt: false }
      : {
          ...common,
          status: 'Failed',
          reasons: [
            {
              code: genesysReasonForWhatsAppError(firstError?.code),
              message: failureReasonMessage(firstError),
            },
          ],
          isFinalReceipt: true,
        };
  return {
    kind: 'receipt',
    integrationId: tracked.integrationId,
    phoneNumberId: tracked.phoneNumberId,
    customerWaId: tracked.customerWaId,
    genesysMessageId: tracked.genesysMessageId,
    whatsappMessageId: tracked.whatsappMessageId,
    body,
  };
}
