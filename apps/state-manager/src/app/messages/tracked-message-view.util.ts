import type { TrackedMessageView } from '@switchboard/shared-contracts';
import type { TrackedMessageEntity } from './tracked-message.entity';

/** The API's view of a tracked message row: trackedMessageViewSchema, times as ISO strings. */
export function toTrackedMessageView(entity: TrackedMessageEntity): TrackedMessageView {
  return {
    id: entity.id,
    tenantId: entity.tenantId,
    direction: entity.direction,
    whatsappMessageId: entity.whatsappMessageId,
    genesysMessageId: entity.genesysMessageId,
    conversationId: entity.conversationId,
    integrationId: entity.integrationId,
    phoneNumberId: entity.phoneNumberId,
    customerWaId: entity.customerWaId,
    status: entity.status,
    statusHistory: entity.statusHistory.map((change) => ({ status: change.status, at: change.at })),
    partIndex: entity.partIndex,
    partCount: entity.partCount,
    createdAt: entity.createdAt.toISOString(),
  };
}
