/** `idem:gn:<tenantId>:<genesysMessageId>`: an agent's message is handled once per tenant. */
export function genesysMessageClaimKey(tenantId: string, genesysMessageId: string): string {
  return `idem:gn:${tenantId}:${genesysMessageId}`;
}

/** A typing event is passed on once (its own id, never one of a message). */
export function genesysTypingClaimKey(tenantId: string, eventId: string): string {
  return `${genesysMessageClaimKey(tenantId, eventId)}:typing`;
}

/** A receipt is reported once per status (every receipt about a message carries that message's id). */
export function genesysReceiptClaimKey(tenantId: string, genesysMessageId: string, status: string): string {
  return `${genesysMessageClaimKey(tenantId, genesysMessageId)}:receipt:${status}`;
}
