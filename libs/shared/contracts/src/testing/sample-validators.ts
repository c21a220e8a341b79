// Test-only: which validator each sample file of the spec must pass.
import {
  validateGenesysInboundMessage,
  validateGenesysInboundMessageResponseWithConversation,
  validateGenesysInboundTypingEvent,
  validateGenesysIntegration,
  validateGenesysLegacyInboundMessage,
  validateGenesysOutboundWebhook,
  validateGenesysRateLimitErrorBody,
  validateGenesysReceipt,
  validateGenesysTokenResponse,
} from '../lib/genesys/genesys-validators.util';
import type { ValidationResult } from '../lib/validation/validation.util';
import {
  validateWhatsAppGraphError,
  validateWhatsAppMarkReadRequest,
  validateWhatsAppMediaUploadResponse,
  validateWhatsAppMediaUrlResponse,
  validateWhatsAppSendMessageRequest,
  validateWhatsAppSendMessageResponse,
  validateWhatsAppWebhook,
} from '../lib/whatsapp/whatsapp-validators.util';

export interface SampleValidator {
  readonly pattern: RegExp;
  readonly validate: (input: unknown) => ValidationResult<unknown>;
}

export const SAMPLE_VALIDATORS: readonly SampleValidator[] = [
  { pattern: /^wa-(inbound|status)-.+\.json$/, validate: validateWhatsAppWebhook },
  { pattern: /^wa-webhook-.+\.json$/, validate: validateWhatsAppWebhook },
  { pattern: /^wa-error-\d+\.json$/, validate: validateWhatsAppGraphError },
  { pattern: /^wa-send-.+-request\.json$/, validate: validateWhatsAppSendMessageRequest },
  { pattern: /^wa-mark-read-request\.json$/, validate: validateWhatsAppMarkReadRequest },
  { pattern: /^wa-send-response\.json$/, validate: validateWhatsAppSendMessageResponse },
  { pattern: /^wa-media-url-response\.json$/, validate: validateWhatsAppMediaUrlResponse },
  { pattern: /^wa-media-upload-response\.json$/, validate: validateWhatsAppMediaUploadResponse },
  { pattern: /^genesys-token-response\.json$/, validate: validateGenesysTokenResponse },
  { pattern: /^genesys-inbound-(attachment-)?request\.json$/, validate: validateGenesysInboundMessage },
  { pattern: /^genesys-inbound-legacy-request\.json$/, validate: validateGenesysLegacyInboundMessage },
  // The sample was made with prefetchConversationId=true, as our correlation model requires.
  {
    pattern: /^genesys-inbound-response\.json$/,
    validate: validateGenesysInboundMessageResponseWithConversation,
  },
  { pattern: /^genesys-inbound-event-typing-request\.json$/, validate: validateGenesysInboundTypingEvent },
  { pattern: /^genesys-outbound-.+\.json$/, validate: validateGenesysOutboundWebhook },
  { pattern: /^genesys-receipt-(.+-)?request\.json$/, validate: validateGenesysReceipt },
  { pattern: /^genesys-integration\.json$/, validate: validateGenesysIntegration },
  { pattern: /^genesys-error-429\.json$/, validate: validateGenesysRateLimitErrorBody },
];

/** Every table entry whose pattern matches the file name (exactly one for a well-covered sample). */
export function validatorsForSample(fileName: string): SampleValidator[] {
  return SAMPLE_VALIDATORS.filter((entry) => entry.pattern.test(fileName));
}
