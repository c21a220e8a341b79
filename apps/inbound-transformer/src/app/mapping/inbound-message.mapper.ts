import type { GenesysInboundContent, WhatsAppInboundMessage } from '@switchboard/shared-contracts';
import type { MediaOutcome } from '../media/media-relay.service';
import { MEDIA_KIND_RULES, type WhatsAppMediaKind } from '../media/media-kinds.constants';
import {
  IDENTITY_CHANGE_TEXT,
  contactsText,
  errorSummary,
  interactiveText,
  locationText,
  mediaUnavailableText,
  numberChangeText,
  orderText,
  reactionText,
  unrecognizedText,
  unsupportedText,
  type MessageReference,
} from './message-text.util';

/** What the handler looked up or fetched before mapping (the mapping itself is pure). */
export interface ResolvedMessageParts {
  /** The message quoted by `context.id`. */
  readonly quoted?: MessageReference;
  /** The message a reaction is about. */
  readonly reactedTo?: MessageReference;
  /** The relayed media of an image, audio, video, document or sticker. */
  readonly media?: MediaOutcome;
}

/** The readable part of a Genesys inbound message: text, attachments and participant data. */
export interface MappedMessage {
  readonly text?: string;
  readonly content?: GenesysInboundContent[];
  readonly customAttributes: Record<string, string>;
}

const MEDIA_KINDS: ReadonlySet<string> = new Set<WhatsAppMediaKind>([
  'image',
  'audio',
  'video',
  'document',
  'sticker',
]);

export function isMediaKind(type: string): type is WhatsAppMediaKind {
  return MEDIA_KINDS.has(type);
}

interface Body {
  readonly text?: string;
  readonly content?: GenesysInboundContent[];
  readonly attributes?: Record<string, string>;
}

/**
 * Maps one WhatsApp message to what the agent reads (spec A2 → B2). Every type becomes text,
 * an attachment or both; what cannot be shown is described, never dropped. Reply context,
 * forwards, ads and WhatsApp's per-message errors add a note and participant data.
 */
export function mapInboundMessage(
  message: WhatsAppInboundMessage,
  parts: ResolvedMessageParts = {},
): MappedMessage {
  const body = mapBody(message, parts);
  const notes: string[] = [];
  const attributes: Record<string, string> = {
    whatsappMessageType: message.type === 'unrecognized' ? message.originalType : message.type,
  };
  const context = message.context;
  if (context?.id) {
    const quoted = parts.quoted ?? { whatsappMessageId: context.id };
    notes.push(`[Reply to message ${quoted.genesysMessageId ?? quoted.whatsappMessageId}]`);
    attributes['replyToWhatsAppMessageId'] = quoted.whatsappMessageId;
    if (quoted.genesysMessageId) attributes['replyToGenesysMessageId'] = quoted.genesysMessageId;
  }
  if (context?.frequently_forwarded) {
    notes.push('[Forwarded many times]');
    attributes['forwarded'] = 'frequently';
  } else if (context?.forwarded) {
    notes.push('[Forwarded]');
    attributes['forwarded'] = 'true';
  }
  if (message.type !== 'unrecognized' && message.referral) {
    const {
      headline,
      source_url: sourceUrl,
      source_type: sourceType,
      source_id: sourceId,
    } = message.referral;
    notes.push(`[Came from an ad${headline ? `: ${headline}` : ''}${sourceUrl ? ` (${sourceUrl})` : ''}]`);
    if (sourceType) attributes['referralSourceType'] = sourceType;
    if (sourceId) attributes['referralSourceId'] = sourceId;
    if (sourceUrl) attributes['referralSourceUrl'] = sourceUrl;
  }
  const trailer: string[] = [];
  if (message.type !== 'unsupported' && message.type !== 'unrecognized' && message.errors?.length) {
    trailer.push(
      `[WhatsApp reported a problem with this message: ${message.errors.map(errorSummary).join('; ')}]`,
    );
    attributes['whatsappErrorCode'] = String(message.errors[0]?.code);
  }
  const text = [...notes, body.text, ...trailer]
    .filter((line) => line !== undefined && line !== '')
    .join('\n');
  return {
    ...(text ? { text } : {}),
    ...(body.content ? { content: body.content } : {}),
    customAttributes: { ...attributes, ...body.attributes },
  };
}

function mapBody(message: WhatsAppInboundMessage, parts: ResolvedMessageParts): Body {
  switch (message.type) {
    case 'text':
      return { text: message.text.body };
    case 'image':
      return mediaBody('image', message.image, parts.media);
    case 'video':
      return mediaBody('video', message.video, parts.media);
    case 'document':
      return mediaBody('document', message.document, parts.media);
    case 'audio':
      return mediaBody(
        'audio',
        message.audio,
        parts.media,
        message.audio.voice ? 'Voice message' : undefined,
      );
    case 'sticker':
      return mediaBody(
        'sticker',
        message.sticker,
        parts.media,
        message.sticker.animated ? 'Animated sticker' : 'Sticker',
      );
    case 'location':
      return {
        text: locationText(message.location),
        attributes: {
          locationLatitude: String(message.location.latitude),
          locationLongitude: String(message.location.longitude),
        },
      };
    case 'contacts':
      return {
        text: contactsText(message.contacts),
        attributes: { sharedContactCount: String(message.contacts.length) },
      };
    case 'interactive': {
      const reply =
        message.interactive.type === 'button_reply'
          ? message.interactive.button_reply
          : message.interactive.list_reply;
      return {
        text: interactiveText(message.interactive),
        attributes: { interactiveType: message.interactive.type, interactiveReplyId: reply.id },
      };
    }
    case 'button':
      return { text: message.button.text, attributes: { buttonPayload: message.button.payload } };
    case 'reaction': {
      const target = parts.reactedTo ?? { whatsappMessageId: message.reaction.message_id };
      const emoji = message.reaction.emoji || undefined;
      return {
        text: reactionText(emoji, target),
        attributes: {
          ...(emoji ? { reactionEmoji: emoji } : { reactionRemoved: 'true' }),
          reactionToWhatsAppMessageId: target.whatsappMessageId,
          ...(target.genesysMessageId ? { reactionToGenesysMessageId: target.genesysMessageId } : {}),
        },
      };
    }
    case 'order':
      return {
        text: orderText(message.order),
        attributes: {
          orderCatalogId: message.order.catalog_id,
          orderItemCount: String(message.order.product_items.length),
        },
      };
    case 'unsupported':
      return {
        text: unsupportedText(message.unsupported?.type ?? 'unknown', message.errors),
        attributes: { whatsappErrorCode: String(message.errors[0]?.code) },
      };
    case 'system':
      if (message.system.type === 'customer_changed_number') {
        return {
          text: numberChangeText(message.system.customer ?? message.from, message.system.wa_id),
          attributes: { systemEvent: message.system.type, newCustomerWaId: message.system.wa_id },
        };
      }
      return { text: IDENTITY_CHANGE_TEXT, attributes: { systemEvent: message.system.type } };
    case 'unrecognized':
      return { text: unrecognizedText(message.originalType) };
  }
}

interface MediaObject {
  readonly id: string;
  readonly caption?: string;
  readonly filename?: string;
}

function mediaBody(
  kind: WhatsAppMediaKind,
  media: MediaObject,
  outcome: MediaOutcome | undefined,
  label?: string,
): Body {
  const attributes = { mediaId: media.id };
  const caption = media.caption || undefined;
  if (outcome?.kind === 'stored') {
    return {
      text: caption ?? label,
      content: [{ contentType: 'Attachment', attachment: outcome.attachment }],
      attributes,
    };
  }
  const reason = outcome?.reason ?? 'it was not fetched';
  const what = `${label === 'Voice message' ? 'a voice message' : MEDIA_KIND_RULES[kind].description}${media.filename ? ` (${media.filename})` : ''}`;
  return {
    text: [mediaUnavailableText(what, reason), caption ? `Caption: ${caption}` : undefined]
      .filter(Boolean)
      .join('\n'),
    attributes: { ...attributes, mediaUnavailableReason: reason },
  };
}
