import { ConversationEntity } from '../conversations/conversation.entity';
import { TrackedMessageEntity } from '../messages/tracked-message.entity';
import { CreateStateSchema1767312000000 } from './migrations/1767312000000-create-state-schema';
import { TrackMessageParts1767398400000 } from './migrations/1767398400000-track-message-parts';

/** Migrations of the `state_manager` schema, in order: the only source of the schema. */
export const STATE_MANAGER_MIGRATIONS = [CreateStateSchema1767312000000, TrackMessageParts1767398400000];

export const STATE_MANAGER_ENTITIES = [ConversationEntity, TrackedMessageEntity];

/** Every table that holds a tenant's rows, each under row-level security. */
export const TENANT_OWNED_TABLES = ['conversations', 'tracked_messages'] as const;
