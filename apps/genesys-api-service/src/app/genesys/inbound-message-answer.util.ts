import {
  formatValidationErrors,
  validateGenesysInboundMessageResponseWithConversation,
} from '@switchboard/shared-contracts';
import { GenesysUnexpectedAnswerError } from './genesys.errors';

/** What we keep of Genesys's answer to an inbound message. */
export interface InboundMessageAcceptance {
  /** The response's `id`: the Genesys MESSAGE id (receipts and replies refer to it). */
  readonly genesysMessageId: string;
  /** The response's top-level `conversationId` (asked for with `prefetchConversationId=true`). */
  readonly conversationId: string;
}

/**
 * Reads the two ids of Genesys's answer to `…/inbound/open/message?prefetchConversationId=true`
 * exactly as spec B2 says: `id` is the message, the top-level `conversationId` the conversation.
 * (The original platform read `id` as the conversation; `channel.id` is the integration.) An
 * answer without them is an error, never a correlation with a missing id.
 */
export function readInboundMessageAnswer(body: string): InboundMessageAcceptance {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new GenesysUnexpectedAnswerError('Genesys accepted the message but its answer is not JSON');
  }
  const parsed = validateGenesysInboundMessageResponseWithConversation(json);
  if (!parsed.ok) {
    const missingConversation = parsed.errors.some((error) => error.path === 'conversationId');
    throw new GenesysUnexpectedAnswerError(
      missingConversation
        ? 'Genesys accepted the message but answered without a conversationId (was prefetchConversationId=true ignored?)'
        : `Genesys accepted the message but its answer is not an OpenMessageNormalizedMessage: ${formatValidationErrors(parsed.errors).replace(/\n/g, '; ')}`,
    );
  }
  return { genesysMessageId: parsed.value.id, conversationId: parsed.value.conversationId };
}
