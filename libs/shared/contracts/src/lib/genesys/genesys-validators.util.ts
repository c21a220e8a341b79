import { validateWithSchema, type ValidationResult } from '../validation/validation.util';
import {
  genesysErrorBodySchema,
  genesysRateLimitErrorBodySchema,
  type GenesysErrorBody,
  type GenesysRateLimitErrorBody,
} from './genesys-error.schema';
import {
  genesysInboundMessageRequestSchema,
  genesysInboundMessageResponseSchema,
  genesysInboundMessageResponseWithConversationSchema,
  genesysInboundTypingEventRequestSchema,
  genesysLegacyInboundMessageRequestSchema,
  genesysStructuredResponseRequestSchema,
  type GenesysInboundMessageRequest,
  type GenesysInboundMessageResponse,
  type GenesysInboundMessageResponseWithConversation,
  type GenesysInboundTypingEventRequest,
  type GenesysLegacyInboundMessageRequest,
  type GenesysStructuredResponseRequest,
} from './genesys-inbound.schema';
import {
  genesysIntegrationRequestSchema,
  genesysIntegrationSchema,
  type GenesysIntegration,
  type GenesysIntegrationRequest,
} from './genesys-integration.schema';
import { genesysOutboundWebhookSchema, type GenesysOutboundWebhook } from './genesys-outbound-webhook.schema';
import { genesysReceiptRequestSchema, type GenesysReceiptRequest } from './genesys-receipt.schema';
import { genesysTokenResponseSchema, type GenesysTokenResponse } from './genesys-token.schema';

export function validateGenesysTokenResponse(input: unknown): ValidationResult<GenesysTokenResponse> {
  return validateWithSchema(genesysTokenResponseSchema, input);
}

/** Body of `…/inbound/open/message` (what the Genesys simulator receives, what we send). */
export function validateGenesysInboundMessage(
  input: unknown,
): ValidationResult<GenesysInboundMessageRequest> {
  return validateWithSchema(genesysInboundMessageRequestSchema, input);
}

export function validateGenesysLegacyInboundMessage(
  input: unknown,
): ValidationResult<GenesysLegacyInboundMessageRequest> {
  return validateWithSchema(genesysLegacyInboundMessageRequestSchema, input);
}

/** Genesys's answer to an inbound message; `conversationId` may be absent (see the schema). */
export function validateGenesysInboundMessageResponse(
  input: unknown,
): ValidationResult<GenesysInboundMessageResponse> {
  return validateWithSchema(genesysInboundMessageResponseSchema, input);
}

/** Genesys's answer to an inbound message sent with `prefetchConversationId=true`: `conversationId` required. */
export function validateGenesysInboundMessageResponseWithConversation(
  input: unknown,
): ValidationResult<GenesysInboundMessageResponseWithConversation> {
  return validateWithSchema(genesysInboundMessageResponseWithConversationSchema, input);
}

export function validateGenesysInboundTypingEvent(
  input: unknown,
): ValidationResult<GenesysInboundTypingEventRequest> {
  return validateWithSchema(genesysInboundTypingEventRequestSchema, input);
}

export function validateGenesysStructuredResponse(
  input: unknown,
): ValidationResult<GenesysStructuredResponseRequest> {
  return validateWithSchema(genesysStructuredResponseRequestSchema, input);
}

export function validateGenesysReceipt(input: unknown): ValidationResult<GenesysReceiptRequest> {
  return validateWithSchema(genesysReceiptRequestSchema, input);
}

/** Body of a POST to our outbound webhook (after its signature has been checked). */
export function validateGenesysOutboundWebhook(input: unknown): ValidationResult<GenesysOutboundWebhook> {
  return validateWithSchema(genesysOutboundWebhookSchema, input);
}

export function validateGenesysIntegration(input: unknown): ValidationResult<GenesysIntegration> {
  return validateWithSchema(genesysIntegrationSchema, input);
}

export function validateGenesysIntegrationRequest(
  input: unknown,
): ValidationResult<GenesysIntegrationRequest> {
  return validateWithSchema(genesysIntegrationRequestSchema, input);
}

export function validateGenesysErrorBody(input: unknown): ValidationResult<GenesysErrorBody> {
  return validateWithSchema(genesysErrorBodySchema, input);
}

export function validateGenesysRateLimitErrorBody(
  input: unknown,
): ValidationResult<GenesysRateLimitErrorBody> {
  return validateWithSchema(genesysRateLimitErrorBodySchema, input);
}
