import {
  whatsAppWebhookContactSchema,
  type GenesysInboundMessageRequest,
  type WhatsAppInboundEvent,
  type WhatsAppInboundMessage,
} from '@switchboard/shared-contracts';
import type { MappedMessage } from './inbound-message.mapper';

/** Unix seconds as WhatsApp sends them (a string) → ISO-8601. */
export function whatsAppTimeToIso(timestamp: string): string {
  return new Date(Number(timestamp) * 1000).toISOString();
}

/** The sender's WhatsApp profile name from the event's `contacts[]` entry, when there is one. */
export function customerProfileName(event: Pick<WhatsAppInboundEvent, 'contact'>): string | undefined {
  const contact = whatsAppWebhookContactSchema.safeParse(event.contact);
  const name = contact.success ? contact.data.profile?.name?.trim() : undefined;
  return name || undefined;
}

export interface InboundMessageRequestInput {
  readonly message: WhatsAppInboundMessage;
  readonly event: Pick<WhatsAppInboundEvent, 'phoneNumberId' | 'displayPhoneNumber'>;
  readonly mapped: MappedMessage;
  readonly customerName?: string;
  /** The number as tenant-service knows it, when the webhook did not say. */
  readonly displayPhoneNumber?: string | null;
}

/**
 * The body of `POST …/{integrationId}/inbound/open/message` (spec B2, B6): the customer is
 * `from.id = wa_id` with `idType: Opaque` (a wa_id has no leading "+") and their profile name as
 * nickname; the wamid is the provider message id; participant data goes to customAttributes.
 */
export function buildGenesysInboundMessage(input: InboundMessageRequestInput): GenesysInboundMessageRequest {
  const { message, event, mapped, customerName } = input;
  const displayPhoneNumber = event.displayPhoneNumber ?? input.displayPhoneNumber ?? undefined;
  const customAttributes: Record<string, string> = {
    whatsappMessageType: mapped.customAttributes['whatsappMessageType'] ?? message.type,
    phoneNumberId: event.phoneNumberId,
    ...(displayPhoneNumber ? { displayPhoneNumber } : {}),
    ...mapped.customAttributes,
  };
  return {
    channel: {
      messageId: message.id,
      from: { id: message.from, idType: 'Opaque', ...(customerName ? { nickname: customerName } : {}) },
      time: whatsAppTimeToIso(message.timestamp),
      metadata: { customAttributes },
    },
    ...(mapped.text ? { text: mapped.text } : {}),
    ...(mapped.content?.length ? { content: mapped.content } : {}),
  };
}
