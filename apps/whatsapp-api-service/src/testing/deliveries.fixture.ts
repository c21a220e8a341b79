import { randomBytes, randomUUID } from 'node:crypto';
import {
  createEnvelope,
  PIPELINE_MESSAGE_TYPES,
  type Envelope,
  type StoredOutboundMedia,
  type WhatsAppDelivery,
  type WhatsAppDeliveryOf,
  type WhatsAppSendPart,
} from '@switchboard/shared-contracts';

// Deliveries as outbound-transformer produces them (payloads of `whatsapp.delivery`).

export interface Customer {
  readonly integrationId: string;
  readonly phoneNumberId: string;
  readonly customerWaId: string;
}

export function newGenesysMessageId(): string {
  return randomBytes(16).toString('hex');
}

export function textPart(customer: Customer, body: string): WhatsAppSendPart {
  return {
    request: {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: customer.customerWaId,
      type: 'text',
      text: { body },
    },
  };
}

export function imagePart(
  customer: Customer,
  media: StoredOutboundMedia,
  caption?: string,
): WhatsAppSendPart {
  return {
    request: {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: customer.customerWaId,
      type: 'image',
      image: caption === undefined ? {} : { caption },
    },
    media,
  };
}

export function messageDelivery(
  customer: Customer,
  parts: readonly WhatsAppSendPart[],
  genesysMessageId = newGenesysMessageId(),
): WhatsAppDeliveryOf<'message'> {
  return { kind: 'message', ...customer, genesysMessageId, conversationId: randomUUID(), parts: [...parts] };
}

export function typingDelivery(
  customer: Customer,
  replyToWhatsappMessageId: string,
): WhatsAppDeliveryOf<'typing'> {
  return { kind: 'typing', ...customer, genesysMessageId: randomUUID(), replyToWhatsappMessageId };
}

export function deliveryEnvelope(tenantId: string, payload: WhatsAppDelivery): Envelope<WhatsAppDelivery> {
  return createEnvelope({
    tenantId,
    type:
      payload.kind === 'message'
        ? PIPELINE_MESSAGE_TYPES.WHATSAPP_SEND
        : PIPELINE_MESSAGE_TYPES.WHATSAPP_TYPING,
    payload,
  });
}

/** A PNG the simulator accepts (its magic number), different each time. */
export function pngBytes(): Buffer {
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(2048)]);
}
