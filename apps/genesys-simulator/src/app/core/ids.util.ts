import { randomBytes, randomUUID } from 'node:crypto';

/** Genesys message ids are 32 lowercase hex characters (samples/genesys-inbound-response.json). */
export function newMessageId(): string {
  return randomBytes(16).toString('hex');
}

/** Conversation ids are UUIDs, so a conversation id can never be mistaken for a message id. */
export function newConversationId(): string {
  return randomUUID();
}

/** Ids of integrations, attachments, deliveries, fault rules and error context ids. */
export function newEntityId(): string {
  return randomUUID();
}

export function newAccessToken(): string {
  return randomBytes(48).toString('base64url');
}

export function newDownloadId(): string {
  return randomBytes(18).toString('base64url');
}
