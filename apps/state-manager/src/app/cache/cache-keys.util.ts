// Every cached entry is named by its tenant first: a lookup in one tenant's scope can never
// read another tenant's entry. Ids come from outside, so each part is URI-encoded.
const part = (value: string) => encodeURIComponent(value);

export const CACHE_KEYS = {
  activeConversation: (tenantId: string, phoneNumberId: string, customerWaId: string) =>
    `cache:conversation:active:${part(tenantId)}:${part(phoneNumberId)}:${part(customerWaId)}`,
  conversation: (tenantId: string, conversationId: string) =>
    `cache:conversation:id:${part(tenantId)}:${part(conversationId)}`,
  messageByWhatsAppId: (tenantId: string, whatsappMessageId: string) =>
    `cache:message:whatsapp:${part(tenantId)}:${part(whatsappMessageId)}`,
  messageByGenesysId: (tenantId: string, genesysMessageId: string) =>
    `cache:message:genesys:${part(tenantId)}:${part(genesysMessageId)}`,
} as const;

interface ConversationKeyParts {
  readonly tenantId: string;
  readonly phoneNumberId: string;
  readonly customerWaId: string;
  readonly conversationId: string;
}

interface MessageKeyParts {
  readonly tenantId: string;
  readonly whatsappMessageId: string;
  readonly genesysMessageId: string;
}

/** The entries that may show a conversation row. */
export function conversationCacheKeys(conversation: ConversationKeyParts): string[] {
  return [
    CACHE_KEYS.activeConversation(
      conversation.tenantId,
      conversation.phoneNumberId,
      conversation.customerWaId,
    ),
    CACHE_KEYS.conversation(conversation.tenantId, conversation.conversationId),
  ];
}

/** The entries that may show a tracked message row. */
export function messageCacheKeys(message: MessageKeyParts): string[] {
  return [
    CACHE_KEYS.messageByWhatsAppId(message.tenantId, message.whatsappMessageId),
    CACHE_KEYS.messageByGenesysId(message.tenantId, message.genesysMessageId),
  ];
}
