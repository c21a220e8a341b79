import type { TenantTx } from '@switchboard/backend-data-access-persistence';
import { Injectable } from '@nestjs/common';
import type { GenesysCorrelation } from '@switchboard/shared-contracts';
import { randomUUID } from 'node:crypto';
import type { ConversationEntity } from '../conversations/conversation.entity';
import { CONVERSATION_COLUMNS, lastInboundAssignments } from '../conversations/conversations.repository';
import { preparedQuery } from '../persistence/sql.util';

export interface InboundTouch {
  /** The customer's active conversation after the touch. */
  readonly conversation: ConversationEntity;
  /** False when no message was inserted: its wamid or its Genesys id is tracked already. */
  readonly messageRecorded: boolean;
}

type TouchRow = ConversationEntity & { readonly trackedId: string | null };

// One statement: the UPDATE takes the row lock of the active mapping, so concurrent touches,
// switches and expiries of that mapping wait for each other (a waiting UPDATE re-checks the row
// as committed: a mapping closed meanwhile is not touched). The message is inserted only when
// the mapping was touched; a conflict on either of its unique keys inserts nothing.
const TOUCH_AND_TRACK = `
  WITH touched AS (
    UPDATE conversations SET
      integration_id = $5,
      customer_name = COALESCE($6, customer_name),
      ${lastInboundAssignments('$7::timestamptz', '$10::text')},
      last_activity_at = GREATEST(last_activity_at, $8::timestamptz),
      updated_at = now()
    WHERE tenant_id = $1 AND phone_number_id = $2 AND customer_wa_id = $3 AND status = 'active'
      AND conversation_id = $4
    RETURNING ${CONVERSATION_COLUMNS}
  ), tracked AS (
    INSERT INTO tracked_messages (id, tenant_id, direction, whatsapp_message_id, genesys_message_id,
      conversation_id, integration_id, phone_number_id, customer_wa_id, status, status_history)
    SELECT $9, $1, 'inbound', $10, $11, $4, $5, $2, $3, 'accepted', $12::jsonb FROM touched
    ON CONFLICT DO NOTHING
    RETURNING id
  )
  SELECT touched.*, (SELECT id FROM tracked) AS "trackedId" FROM touched`;

/**
 * The common case of a correlation: the customer's active mapping is already the message's
 * conversation. Touches it and tracks the message in one round trip, without the customer lock.
 */
@Injectable()
export class InboundTouches {
  /** Null when the customer has no active mapping of this conversation (nothing was changed). */
  async touchAndTrack(
    tx: TenantTx,
    correlation: GenesysCorrelation,
    times: { readonly inboundAt: Date; readonly activityAt: Date; readonly acceptedAt: Date },
  ): Promise<InboundTouch | null> {
    const rows = await preparedQuery<TouchRow>(tx.manager, 'state_touch_and_track', TOUCH_AND_TRACK, [
      tx.tenantId,
      correlation.phoneNumberId,
      correlation.customerWaId,
      correlation.conversationId,
      correlation.integrationId,
      correlation.customerName ?? null,
      times.inboundAt,
      times.activityAt,
      randomUUID(),
      correlation.whatsappMessageId,
      correlation.genesysMessageId,
      JSON.stringify([{ status: 'accepted', at: times.acceptedAt.toISOString() }]),
    ]);
    const [row] = rows;
    if (!row) return null;
    const { trackedId, ...conversation } = row;
    return { conversation, messageRecorded: trackedId !== null };
  }
}
