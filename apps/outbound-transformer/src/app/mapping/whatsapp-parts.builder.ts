import {
  MAX_SEND_PARTS,
  WHATSAPP_LIMITS,
  WHATSAPP_MESSAGING_PRODUCT,
  formatValidationErrors,
  validateWhatsAppSendMessageRequest,
  type StoredOutboundMedia,
  type WhatsAppInteractive,
  type WhatsAppSendPart,
} from '@switchboard/shared-contracts';
import { isCaptionable } from '../media/media-kind.util';
import { MessageFailure } from '../pipeline/message-failure.error';
import type { MessagePlan } from './outbound-content.planner';
import { DEFAULT_MENU_BODY, INTERACTIVE_BODY_MAX_LENGTH, renderQuickReplies } from './quick-replies.util';
import { splitText } from './text-split.util';

/** WhatsApp's caption limit (Meta: 1,024 characters; not in the contracts' schema). */
export const CAPTION_MAX_LENGTH = 1024;

/** An attachment fetched and stored, in plan order, with the caption the agent gave it. */
export interface FetchedAttachment {
  readonly media: StoredOutboundMedia;
  readonly caption?: string;
}

export interface SendPartsInput {
  /** The customer's wa_id. */
  readonly to: string;
  readonly plan: MessagePlan;
  /** Same order as `plan.attachments`. */
  readonly attachments: readonly FetchedAttachment[];
  /** The customer's message the agent quoted: the first send replies to it. */
  readonly quotedWhatsAppMessageId?: string;
}

/** Filled in for validation only: whatsapp-api-service uploads the media and sets the real id. */
const PLACEHOLDER_MEDIA_ID = 'media-id-set-by-whatsapp-api-service';

type Body = Record<string, unknown>;

/**
 * The WhatsApp sends of an agent's message (spec A3), in the order the customer must see them:
 * long text split at 4,096 characters; the text as the caption of the first image, video or
 * document when it fits in 1,024 characters, else a text message first (audio and stickers
 * take no caption); quick replies as reply buttons, a list menu or a numbered text. The first
 * send quotes the customer's message the agent replied to. Each body is checked against the
 * send schema.
 */
export function buildSendParts(input: SendPartsInput): WhatsAppSendPart[] {
  const { plan } = input;
  const bodies: { body: Body; media?: StoredOutboundMedia }[] = [];
  const texts = (text: string) => {
    for (const part of splitText(text, WHATSAPP_LIMITS.TEXT_BODY_MAX_LENGTH)) {
      bodies.push({ body: { type: 'text', text: { body: part } } });
    }
  };
  const hasText = plan.text.trim() !== '';
  const textIsCaption = hasText && plan.quickReplies.length === 0 && plan.text.length <= CAPTION_MAX_LENGTH;
  const captionTarget = textIsCaption
    ? input.attachments.findIndex((attachment) => isCaptionable(attachment.media.kind) && !attachment.caption)
    : -1;
  if (hasText && plan.quickReplies.length === 0 && captionTarget < 0) texts(plan.text);

  input.attachments.forEach((attachment, index) => {
    const { kind } = attachment.media;
    let caption = index === captionTarget ? plan.text : attachment.caption;
    if (caption !== undefined && (!isCaptionable(kind) || caption.length > CAPTION_MAX_LENGTH)) {
      texts(caption);
      caption = undefined;
    }
    const object: Body = {
      ...(caption !== undefined && { caption }),
      ...(kind === 'document' &&
        attachment.media.filename !== undefined && { filename: attachment.media.filename }),
    };
    bodies.push({ body: { type: kind, [kind]: object }, media: attachment.media });
  });

  if (plan.quickReplies.length > 0) {
    let question = hasText ? plan.text : DEFAULT_MENU_BODY;
    if (question.length > INTERACTIVE_BODY_MAX_LENGTH) {
      texts(question);
      question = DEFAULT_MENU_BODY;
    }
    const rendering = renderQuickReplies(question, plan.quickReplies);
    if (rendering.type === 'interactive') {
      bodies.push({
        body: { type: 'interactive', interactive: rendering.interactive satisfies WhatsAppInteractive },
      });
    } else {
      texts(rendering.text);
    }
  }

  if (bodies.length === 0) {
    throw new MessageFailure('UnsupportedMessage', 'The message has no content WhatsApp can show.');
  }
  if (bodies.length > MAX_SEND_PARTS) {
    throw new MessageFailure(
      'InvalidMessageStructure',
      `The message would need ${bodies.length} WhatsApp messages; at most ${MAX_SEND_PARTS} are sent for one message.`,
    );
  }
  return bodies.map(({ body, media }, index) => {
    const request: Body = {
      messaging_product: WHATSAPP_MESSAGING_PRODUCT,
      recipient_type: 'individual',
      to: input.to,
      ...(index === 0 &&
        input.quotedWhatsAppMessageId !== undefined && {
          context: { message_id: input.quotedWhatsAppMessageId },
        }),
      ...body,
    };
    checkSendBody(request, media);
    return media === undefined ? { request } : { request, media };
  });
}

/** Validates a built body; a media body is checked with a placeholder id (it has none yet). */
function checkSendBody(request: Body, media: StoredOutboundMedia | undefined): void {
  const candidate =
    media === undefined
      ? request
      : { ...request, [media.kind]: { ...(request[media.kind] as Body), id: PLACEHOLDER_MEDIA_ID } };
  const checked = validateWhatsAppSendMessageRequest(candidate);
  if (!checked.ok) {
    throw new MessageFailure(
      'InvalidMessageStructure',
      'The message could not be converted into a valid WhatsApp message.',
      { detail: formatValidationErrors(checked.errors) },
    );
  }
}
