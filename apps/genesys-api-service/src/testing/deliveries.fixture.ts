import { randomBytes } from 'node:crypto';
import {
  createEnvelope,
  PIPELINE_MESSAGE_TYPES,
  type Envelope,
  type GenesysDelivery,
  type GenesysDeliveryOf,
} from '@switchboard/shared-contracts';

// Deliveries as inbound-transformer produces them (payloads of `genesys.delivery`).

export interface Customer {
  readonly integrationId: string;
  readonly phoneNumberId: string;
  readonly customerWaId: string;
}

export function newWamid(): string {
  return `wamid.${randomBytes(12).toString('hex').toUpperCase()}`;
}

export function messageDelivery(
  customer: Customer,
  text: string,
  whatsappMessageId = newWamid(),
): GenesysDeliveryOf<'message'> {
  const time = new Date().toISOString();
  return {
    kind: 'message',
    ...customer,
    whatsappMessageId,
    messageTime: time,
    customerName: 'Jane Example',
    body: {
      channel: {
        messageId: whatsappMessageId,
        from: { id: customer.customerWaId, idType: 'Opaque', nickname: 'Jane Example' },
        time,
      },
      text,
    },
  };
}

export function receiptDelivery(
  customer: Customer,
  genesysMessageId: string,
  status: 'Delivered' | 'Failed' = 'Delivered',
): GenesysDeliveryOf<'receipt'> {
  return {
    kind: 'receipt',
    ...customer,
    genesysMessageId,
    whatsappMessageId: newWamid(),
    body: {
      id: genesysMessageId,
      channel: { to: { id: customer.customerWaId, idType: 'Opaque' }, time: new Date().toISOString() },
      status,
      ...(status === 'Failed' ? { reasons: [{ code: 'MessageExpired' }], isFinalReceipt: true } : {}),
    },
  };
}

export function typingDelivery(customer: Customer): GenesysDeliveryOf<'typing'> {
  return {
    kind: 'typing',
    ...customer,
    body: {
      channel: { from: { id: customer.customerWaId, idType: 'Opaque' }, time: new Date().toISOString() },
      events: [{ eventType: 'Typing' }],
    },
  };
}

const TYPE_OF_KIND = {
  message: PIPELINE_MESSAGE_TYPES.GENESYS_INBOUND_MESSAGE,
  receipt: PIPELINE_MESSAGE_TYPES.GENESYS_RECEIPT,
  typing: PIPELINE_MESSAGE_TYPES.GENESYS_TYPING,
} as const;

export function deliveryEnvelope(tenantId: string, payload: GenesysDelivery): Envelope<GenesysDelivery> {
  return createEnvelope({ tenantId, type: TYPE_OF_KIND[payload.kind], payload });
}
