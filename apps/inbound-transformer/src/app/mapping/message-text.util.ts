import type { WhatsAppInboundMessageOf, WhatsAppWebhookError } from '@switchboard/shared-contracts';

// Plain-text renderings of the WhatsApp message types that Genesys has no model for: the agent
// reads them in the conversation as the customer's message.

/** A message Switchboard looked up: the agent knows it by its Genesys id when we tracked it. */
export interface MessageReference {
  readonly whatsappMessageId: string;
  readonly genesysMessageId?: string;
}

export function referenceLabel(reference: MessageReference): string {
  return reference.genesysMessageId ?? reference.whatsappMessageId;
}

export function locationText(location: WhatsAppInboundMessageOf<'location'>['location']): string {
  const { latitude, longitude } = location;
  return lines(
    location.name ? `Shared a location: ${location.name}` : 'Shared a location',
    location.address,
    `Coordinates: ${latitude}, ${longitude}`,
    `Map: https://maps.google.com/?q=${latitude},${longitude}`,
    location.url ? `Link: ${location.url}` : undefined,
  );
}

type SharedContact = WhatsAppInboundMessageOf<'contacts'>['contacts'][number];

export function contactsText(contacts: readonly SharedContact[]): string {
  const cards = contacts.map((contact) =>
    lines(
      contact.name.formatted_name,
      ...(contact.phones ?? []).map((phone) => {
        const notes = [phone.type, phone.wa_id ? `WhatsApp ${phone.wa_id}` : undefined].filter(Boolean);
        return `Phone: ${phone.phone ?? phone.wa_id ?? 'unknown'}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
      }),
      ...(contact.emails ?? [])
        .filter((email) => email.email)
        .map((email) => `Email: ${email.email}${email.type ? ` (${email.type})` : ''}`),
    ),
  );
  return contacts.length === 1
    ? `Shared a contact: ${cards[0]}`
    : `Shared ${contacts.length} contacts:\n\n${cards.join('\n\n')}`;
}

export function interactiveText(interactive: WhatsAppInboundMessageOf<'interactive'>['interactive']): string {
  if (interactive.type === 'button_reply') return `Selected: ${interactive.button_reply.title}`;
  const { title, description } = interactive.list_reply;
  return description ? `Selected: ${title} (${description})` : `Selected: ${title}`;
}

export function reactionText(emoji: string | undefined, target: MessageReference): string {
  return emoji
    ? `Reacted ${emoji} to message ${referenceLabel(target)}`
    : `Removed their reaction from message ${referenceLabel(target)}`;
}

export function orderText(order: WhatsAppInboundMessageOf<'order'>['order']): string {
  const items = order.product_items.map(
    (item) =>
      `- ${item.product_retailer_id} × ${item.quantity} at ${amount(item.item_price)} ${item.currency} = ${amount(item.item_price * item.quantity)} ${item.currency}`,
  );
  const currencies = new Set(order.product_items.map((item) => item.currency));
  const total = order.product_items.reduce((sum, item) => sum + item.item_price * item.quantity, 0);
  return lines(
    `Placed an order from catalog ${order.catalog_id}:`,
    ...items,
    currencies.size === 1 ? `Total: ${amount(total)} ${[...currencies][0]}` : undefined,
    order.text ? `Note: ${order.text}` : undefined,
  );
}

/** "error 131051 (Message type unknown): Message type is currently not supported." */
export function errorSummary(error: WhatsAppWebhookError): string {
  const title = error.title ?? error.message;
  const details = error.error_data?.details;
  return `error ${error.code}${title ? ` (${title})` : ''}${details ? `: ${details}` : ''}`;
}

export function unsupportedText(typeLabel: string, errors: readonly WhatsAppWebhookError[]): string {
  const reason =
    errors.length > 0 ? ` WhatsApp reported ${sentence(errors.map(errorSummary).join('; '))}` : '';
  return `[The customer sent a message WhatsApp cannot show here (type: ${typeLabel}).${reason} Ask them to send it another way, for example as text.]`;
}

export function unrecognizedText(originalType: string): string {
  return `[The customer sent a message Switchboard cannot show yet (type: ${originalType}). Ask them to send it another way, for example as text.]`;
}

export function mediaUnavailableText(description: string, reason: string): string {
  return `[The customer sent ${description} that could not be retrieved: ${reason}]`;
}

export function numberChangeText(oldWaId: string, newWaId: string): string {
  return `[The customer changed their WhatsApp number from ${oldWaId} to ${newWaId}.]`;
}

export const IDENTITY_CHANGE_TEXT =
  "[WhatsApp reports that the customer's identity changed (for example, WhatsApp was reinstalled or moved to another phone). Make sure you are talking to the same person before sharing personal information.]";

/** Prices as WhatsApp gives them; computed totals rounded to cents. */
function amount(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** Ends the text with a full stop unless it already ends a sentence. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function lines(...parts: Array<string | undefined>): string {
  return parts.filter((part): part is string => part !== undefined && part.length > 0).join('\n');
}
