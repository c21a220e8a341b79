import {
  formatValidationErrors,
  validateWithSchema,
  whatsAppSendMessageRequestSchema,
  type WhatsAppSendMessageRequest,
  type WhatsAppSendPart,
} from '@switchboard/shared-contracts';
import { InvalidSendRequestError } from '../graph/whatsapp.errors';

function digits(value: string): string {
  return value.replace(/\D/g, '');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The body of `POST /{phone-number-id}/messages` for one part: a media part gets the uploaded
 * media id in `request[type].id` (any `link` dropped: exactly one source). The completed body
 * must pass the contracts' send schema and be addressed to the delivery's customer; otherwise
 * nothing is sent (InvalidSendRequestError).
 */
export function completeSendRequest(
  part: WhatsAppSendPart,
  customerWaId: string,
  mediaId?: string,
): WhatsAppSendMessageRequest {
  const request: Record<string, unknown> = structuredClone(part.request);
  if (part.media) {
    const kind = part.media.kind;
    if (request['type'] !== kind) {
      throw new InvalidSendRequestError(
        `invalid WhatsApp send body: the attachment is ${kind}, the send of type ${String(request['type'])}`,
      );
    }
    if (mediaId === undefined)
      throw new InvalidSendRequestError(`invalid WhatsApp send body: ${kind} without a media id`);
    const media = request[kind];
    const { link: _link, ...rest } = isObject(media) ? media : {};
    request[kind] = { ...rest, id: mediaId };
  }
  const checked = validateWithSchema(whatsAppSendMessageRequestSchema, request);
  if (!checked.ok) {
    throw new InvalidSendRequestError(
      `invalid WhatsApp send body: ${formatValidationErrors(checked.errors).replace(/\n/g, '; ')}`,
    );
  }
  if (digits(checked.value.to) !== digits(customerWaId)) {
    throw new InvalidSendRequestError(
      `invalid WhatsApp send body: addressed to another customer than the delivery's (${customerWaId})`,
    );
  }
  return checked.value;
}
