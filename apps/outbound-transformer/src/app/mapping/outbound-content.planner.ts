import type { GenesysOutboundContent, GenesysOutboundWebhookOf } from '@switchboard/shared-contracts';
import { isFetchableMediaType, type FetchableMediaType } from '../media/media-kind.util';
import { MessageFailure } from '../pipeline/message-failure.error';
import type { QuickReplyOption } from './quick-replies.util';

/** An agent's attachment to fetch, in message order (`index` names it in storage and messages). */
export interface PlannedAttachment {
  readonly index: number;
  readonly mediaType: FetchableMediaType;
  readonly url: string;
  readonly declaredMimeType?: string;
  readonly filename?: string;
  readonly contentSizeBytes?: number;
  /** The attachment's own caption (`attachment.text`). */
  readonly caption?: string;
}

/** What an agent's message consists of, before anything is fetched. */
export interface MessagePlan {
  /** The message text (with links and button answers appended); may be empty. */
  readonly text: string;
  readonly attachments: readonly PlannedAttachment[];
  readonly quickReplies: readonly QuickReplyOption[];
}

export type OutboundMessageWebhook =
  GenesysOutboundWebhookOf<'Text'> | GenesysOutboundWebhookOf<'Structured'>;

/** A content type named in a Failed receipt is cut to this length (it comes from outside). */
const MAX_NAMED_TYPE_LENGTH = 64;

export const TEMPLATES_UNSUPPORTED =
  'Templates (notifications) are not supported yet: the message was not sent.';

/**
 * Sorts the content of an agent's message (spec B3): attachments to fetch, quick replies to
 * offer, links and button answers written into the text. Content WhatsApp cannot carry here
 * (notification templates, cards, carousels, ...) fails the whole message as UnsupportedMessage:
 * sending part of it would mislead the customer.
 */
export function planOutboundMessage(webhook: OutboundMessageWebhook): MessagePlan {
  const lines = webhook.text !== undefined && webhook.text.trim() !== '' ? [webhook.text] : [];
  const attachments: PlannedAttachment[] = [];
  const quickReplies: QuickReplyOption[] = [];
  for (const content of webhook.content ?? []) {
    switch (content.contentType) {
      case 'Attachment': {
        const { attachment } = content;
        if (!isFetchableMediaType(attachment.mediaType)) {
          lines.push(attachment.text ? `${attachment.text}: ${attachment.url}` : attachment.url);
          break;
        }
        attachments.push({
          index: attachments.length,
          mediaType: attachment.mediaType,
          url: attachment.url,
          ...(attachment.mime !== undefined && { declaredMimeType: attachment.mime }),
          ...(attachment.filename !== undefined && { filename: attachment.filename }),
          ...(attachment.contentSizeBytes !== undefined && { contentSizeBytes: attachment.contentSizeBytes }),
          ...(attachment.text !== undefined && attachment.text.trim() !== '' && { caption: attachment.text }),
        });
        break;
      }
      case 'QuickReply':
        quickReplies.push({ text: content.quickReply.text, payload: content.quickReply.payload });
        break;
      case 'ButtonResponse':
        lines.push(content.buttonResponse.text);
        break;
      case 'Notification':
        throw new MessageFailure('UnsupportedMessage', TEMPLATES_UNSUPPORTED);
      default:
        throw unsupported(content);
    }
  }
  const text = lines.filter((line) => line.trim() !== '').join('\n');
  if (text === '' && attachments.length === 0 && quickReplies.length === 0) {
    throw new MessageFailure('UnsupportedMessage', 'The message has no content WhatsApp can show.');
  }
  return { text, attachments, quickReplies };
}

function unsupported(content: GenesysOutboundContent): MessageFailure {
  const original: unknown = 'originalContentType' in content ? content.originalContentType : undefined;
  const type = (typeof original === 'string' ? original : content.contentType).slice(
    0,
    MAX_NAMED_TYPE_LENGTH,
  );
  return new MessageFailure(
    'UnsupportedMessage',
    `Content of type ${type} cannot be sent to WhatsApp: the message was not sent.`,
  );
}
