import { asyncErrorObject } from '../graph-errors/graph-error.catalog';
import { WebhookMessage } from '../webhooks/webhook-envelope.factory';
import { InboundMessageDto } from './inbound.dto';

export interface ResolvedMedia {
  readonly id: string;
  readonly mime_type: string;
  readonly sha256: string;
}

/** An inbound message with every default decided (id, sender, time, media). */
export interface ResolvedInboundMessage {
  readonly message: InboundMessageDto;
  readonly id: string;
  readonly from: string;
  readonly timestamp: number;
  readonly media?: ResolvedMedia;
}

export const DEFAULT_SHARED_CONTACT = {
  name: { formatted_name: 'John Sample', first_name: 'John', last_name: 'Sample' },
  phones: [{ phone: '+1 555-010-0300', wa_id: '15550100300', type: 'CELL' }],
};

type TypedContent = { type: string } & Record<string, unknown>;

function mediaContent(
  resolved: ResolvedInboundMessage,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  return { ...extra, ...resolved.media };
}

function defined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/** The wire `type` and its payload object of one message (spec A2 table). */
function typedContent(resolved: ResolvedInboundMessage): TypedContent {
  const message = resolved.message;
  switch (message.type) {
    case 'text':
      return { type: 'text', text: { body: message.body } };
    case 'image':
    case 'video':
      return {
        type: message.type,
        [message.type]: mediaContent(resolved, defined({ caption: message.caption })),
      };
    case 'audio':
      return { type: 'audio', audio: { ...mediaContent(resolved, {}), voice: message.voice } };
    case 'document':
      return {
        type: 'document',
        document: mediaContent(resolved, defined({ caption: message.caption, filename: message.filename })),
      };
    case 'sticker':
      return { type: 'sticker', sticker: { ...mediaContent(resolved, {}), animated: message.animated } };
    case 'location':
      return {
        type: 'location',
        location: defined({
          latitude: message.latitude,
          longitude: message.longitude,
          name: message.name,
          address: message.address,
          url: message.url,
        }),
      };
    case 'contacts':
      return { type: 'contacts', contacts: message.contacts ?? [DEFAULT_SHARED_CONTACT] };
    case 'button_reply':
      return {
        type: 'interactive',
        interactive: { type: 'button_reply', button_reply: { id: message.replyId, title: message.title } },
      };
    case 'list_reply':
      return {
        type: 'interactive',
        interactive: {
          type: 'list_reply',
          list_reply: defined({
            id: message.replyId,
            title: message.title,
            description: message.description,
          }),
        },
      };
    case 'button':
      return { type: 'button', button: { payload: message.payload, text: message.text } };
    case 'reaction':
      return {
        type: 'reaction',
        reaction: defined({ message_id: message.messageId, emoji: message.emoji ?? undefined }),
      };
    case 'order':
      return {
        type: 'order',
        order: defined({
          catalog_id: message.catalogId,
          text: message.text,
          product_items: message.productItems.map((item) => ({
            product_retailer_id: item.productRetailerId,
            quantity: item.quantity,
            item_price: item.itemPrice,
            currency: item.currency,
          })),
        }),
      };
    case 'unsupported':
      return {
        type: 'unsupported',
        errors: [asyncErrorObject(131051)].map(({ href: _href, ...error }) => error),
        ...(message.unsupportedType === undefined ? {} : { unsupported: { type: message.unsupportedType } }),
      };
    case 'customer_changed_number':
      return {
        type: 'system',
        system: {
          body: message.body ?? `User ${resolved.from} changed from ${resolved.from} to ${message.newWaId}`,
          wa_id: message.newWaId,
          type: 'customer_changed_number',
          customer: resolved.from,
        },
      };
  }
}

/** One `messages[]` item, shaped like samples/wa-inbound-*.json. */
export function buildInboundMessage(
  resolved: ResolvedInboundMessage,
  displayPhoneNumber: string,
): WebhookMessage {
  const { context } = resolved.message;
  return {
    from: resolved.from,
    id: resolved.id,
    timestamp: String(resolved.timestamp),
    ...(context
      ? {
          context: defined({
            from: context.from ?? (context.id === undefined ? undefined : displayPhoneNumber),
            id: context.id,
            forwarded: context.forwarded,
            frequently_forwarded: context.frequentlyForwarded,
          }),
        }
      : {}),
    ...typedContent(resolved),
  };
}
