import { validateWithSchema, type ValidationResult } from '../validation/validation.util';
import {
  whatsAppGraphErrorSchema,
  whatsAppMediaUploadResponseSchema,
  whatsAppMediaUrlResponseSchema,
  whatsAppSendMessageResponseSchema,
  whatsAppSuccessResponseSchema,
  type WhatsAppGraphError,
  type WhatsAppMediaUploadResponse,
  type WhatsAppMediaUrlResponse,
  type WhatsAppSendMessageResponse,
  type WhatsAppSuccessResponse,
} from './whatsapp-graph-response.schema';
import { whatsAppInboundMessageSchema, type WhatsAppInboundMessage } from './whatsapp-inbound-message.schema';
import {
  whatsAppMarkReadRequestSchema,
  whatsAppSendMessageRequestSchema,
  whatsAppTypingIndicatorRequestSchema,
  type WhatsAppMarkReadRequest,
  type WhatsAppSendMessageRequest,
  type WhatsAppTypingIndicatorRequest,
} from './whatsapp-send-message.schema';
import { whatsAppStatusSchema, type WhatsAppStatus } from './whatsapp-status.schema';
import { whatsAppWebhookSchema, type WhatsAppWebhook } from './whatsapp-webhook.schema';

/** The whole webhook POST body (after its signature has been checked). */
export function validateWhatsAppWebhook(input: unknown): ValidationResult<WhatsAppWebhook> {
  return validateWithSchema(whatsAppWebhookSchema, input);
}

/** One element of `value.messages[]`, e.g. after the batch was split into one pipeline message each. */
export function validateWhatsAppInboundMessage(input: unknown): ValidationResult<WhatsAppInboundMessage> {
  return validateWithSchema(whatsAppInboundMessageSchema, input);
}

/** One element of `value.statuses[]`. */
export function validateWhatsAppStatus(input: unknown): ValidationResult<WhatsAppStatus> {
  return validateWithSchema(whatsAppStatusSchema, input);
}

export function validateWhatsAppSendMessageRequest(
  input: unknown,
): ValidationResult<WhatsAppSendMessageRequest> {
  return validateWithSchema(whatsAppSendMessageRequestSchema, input);
}

export function validateWhatsAppMarkReadRequest(input: unknown): ValidationResult<WhatsAppMarkReadRequest> {
  return validateWithSchema(whatsAppMarkReadRequestSchema, input);
}

export function validateWhatsAppTypingIndicatorRequest(
  input: unknown,
): ValidationResult<WhatsAppTypingIndicatorRequest> {
  return validateWithSchema(whatsAppTypingIndicatorRequestSchema, input);
}

export function validateWhatsAppSendMessageResponse(
  input: unknown,
): ValidationResult<WhatsAppSendMessageResponse> {
  return validateWithSchema(whatsAppSendMessageResponseSchema, input);
}

export function validateWhatsAppMediaUrlResponse(input: unknown): ValidationResult<WhatsAppMediaUrlResponse> {
  return validateWithSchema(whatsAppMediaUrlResponseSchema, input);
}

export function validateWhatsAppMediaUploadResponse(
  input: unknown,
): ValidationResult<WhatsAppMediaUploadResponse> {
  return validateWithSchema(whatsAppMediaUploadResponseSchema, input);
}

export function validateWhatsAppSuccessResponse(input: unknown): ValidationResult<WhatsAppSuccessResponse> {
  return validateWithSchema(whatsAppSuccessResponseSchema, input);
}

/** Body of a failed Graph API call. */
export function validateWhatsAppGraphError(input: unknown): ValidationResult<WhatsAppGraphError> {
  return validateWithSchema(whatsAppGraphErrorSchema, input);
}
