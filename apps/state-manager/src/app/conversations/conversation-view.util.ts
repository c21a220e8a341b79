import type { ConversationView } from '@switchboard/shared-contracts';
import type { ConversationEntity } from './conversation.entity';

/** The API's view of a conversation row: conversationViewSchema, times as ISO strings. */
export function toConversationView(entity: ConversationEntity): ConversationView {
  return {
    id: entity.id,
    tenantId: entity.tenantId,
    phoneNumberId: entity.phoneNumberId,
    customerWaId: entity.customerWaId,
    customerName: entity.customerName,
    integrationId: entity.integrationId,
    conversationId: entity.conversationId,
    status: entity.status,
    lastInboundAt: entity.lastInboundAt?.toISOString() ?? null,
    lastInboundMessageId: entity.lastInboundMessageId,
    lastActivityAt: entity.lastActivityAt.toISOString(),
    createdAt: entity.createdAt.toISOString(),
  };
}
