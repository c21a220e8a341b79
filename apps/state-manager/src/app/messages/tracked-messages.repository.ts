import type { TenantTx } from '@switchboard/backend-data-access-persistence';
import { Injectable } from '@nestjs/common';
import type { MessageDirection, StatusChange, TrackedMessageStatus } from '@switchboard/shared-contracts';
import { randomUUID } from 'node:crypto';
import type { CustomerRef } from '../conversations/conversations.repository';
import { updateReturning } from '../persistence/sql.util';
import { TrackedMessageEntity } from './tracked-message.entity';

/** Which of the WhatsApp sends of one Genesys message a row is. */
export interface MessagePartRef {
  readonly index: number;
  readonly count: number;
}

/** A Genesys message WhatsApp took in one send. */
export const SINGLE_PART: MessagePartRef = { index: 0, count: 1 };

export interface NewTrackedMessage extends CustomerRef {
  readonly direction: MessageDirection;
  readonly whatsappMessageId: string;
  readonly genesysMessageId: string;
  /** Defaults to {@link SINGLE_PART}. */
  readonly part?: MessagePartRef;
  readonly conversationId: string | null;
  readonly integrationId: string;
  readonly status: TrackedMessageStatus;
  readonly statusHistory: StatusChange[];
}

export interface StatusUpdate {
  readonly status: TrackedMessageStatus;
  readonly statusHistory: StatusChange[];
  readonly failureDecided: boolean;
}

/** The ids by which a moved message can be cached. */
export interface MessageIds {
  readonly whatsappMessageId: string;
  readonly genesysMessageId: string;
}

/** The columns of `alias` under their {@link TrackedMessageEntity} property names (for raw queries). */
function trackedMessageColumns(alias: string): string {
  return `${alias}.id, ${alias}.tenant_id AS "tenantId", ${alias}.direction,
    ${alias}.whatsapp_message_id AS "whatsappMessageId", ${alias}.genesys_message_id AS "genesysMessageId",
    ${alias}.conversation_id AS "conversationId", ${alias}.integration_id AS "integrationId",
    ${alias}.phone_number_id AS "phoneNumberId", ${alias}.customer_wa_id AS "customerWaId", ${alias}.status,
    ${alias}.status_history AS "statusHistory", ${alias}.part_index AS "partIndex",
    ${alias}.part_count AS "partCount", ${alias}.failure_decided AS "failureDecided",
    ${alias}.created_at AS "createdAt", ${alias}.updated_at AS "updatedAt"`;
}

@Injectable()
export class TrackedMessagesRepository {
  findByWhatsAppId(tx: TenantTx, whatsappMessageId: string): Promise<TrackedMessageEntity | null> {
    return tx.manager.findOne(TrackedMessageEntity, { where: { tenantId: tx.tenantId, whatsappMessageId } });
  }

  /** One part of a Genesys message: the first (the only one of a single send) by default. */
  findByGenesysId(
    tx: TenantTx,
    genesysMessageId: string,
    partIndex = 0,
  ): Promise<TrackedMessageEntity | null> {
    return tx.manager.findOne(TrackedMessageEntity, {
      where: { tenantId: tx.tenantId, genesysMessageId, partIndex },
    });
  }

  /**
   * Locks what a status of the wamid's message is decided on, and returns it (empty when the
   * wamid is not tracked): its row, and for a message of several parts every part of its Genesys
   * message. Rows are locked in part order, so concurrent statuses of sibling parts cannot
   * deadlock.
   */
  lockForStatus(tx: TenantTx, whatsappMessageId: string): Promise<TrackedMessageEntity[]> {
    return tx.manager.query(
      `WITH target AS (
         SELECT genesys_message_id, part_count FROM tracked_messages
         WHERE tenant_id = $1 AND whatsapp_message_id = $2
       )
       SELECT ${trackedMessageColumns('m')}
       FROM tracked_messages m JOIN target ON m.genesys_message_id = target.genesys_message_id
       WHERE m.tenant_id = $1 AND (target.part_count > 1 OR m.whatsapp_message_id = $2)
       ORDER BY m.part_index
       FOR UPDATE OF m`,
      [tx.tenantId, whatsappMessageId],
    );
  }

  /**
   * Inserts the message unless one with its wamid, or its Genesys id and part index, exists, or
   * a part of its Genesys message was tracked with another part count (concurrent inserts of the
   * same message wait for each other and one of them inserts). Returns the id of the new row, or
   * undefined when nothing was inserted.
   */
  async insertIfAbsent(tx: TenantTx, values: NewTrackedMessage): Promise<string | undefined> {
    const id = randomUUID();
    const part = values.part ?? SINGLE_PART;
    const rows: { id: string }[] = await tx.manager.query(
      `INSERT INTO tracked_messages (id, tenant_id, direction, whatsapp_message_id, genesys_message_id,
         conversation_id, integration_id, phone_number_id, customer_wa_id, status, status_history,
         part_index, part_count)
       SELECT $1::uuid, $2::uuid, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text, $9::text,
         $10::text, $11::jsonb, $12::smallint, $13::smallint
       WHERE NOT EXISTS (
         SELECT 1 FROM tracked_messages
         WHERE tenant_id = $2 AND genesys_message_id = $5 AND part_count <> $13
       )
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [
        id,
        tx.tenantId,
        values.direction,
        values.whatsappMessageId,
        values.genesysMessageId,
        values.conversationId,
        values.integrationId,
        values.phoneNumberId,
        values.customerWaId,
        values.status,
        JSON.stringify(values.statusHistory),
        part.index,
        part.count,
      ],
    );
    return rows[0]?.id;
  }

  async updateStatus(tx: TenantTx, id: string, update: StatusUpdate): Promise<TrackedMessageEntity> {
    await tx.manager.update(
      TrackedMessageEntity,
      { tenantId: tx.tenantId, id },
      {
        status: update.status,
        statusHistory: update.statusHistory,
        failureDecided: update.failureDecided,
        updatedAt: new Date(),
      },
    );
    return tx.manager.findOneOrFail(TrackedMessageEntity, { where: { tenantId: tx.tenantId, id } });
  }

  /**
   * Moves every message of a customer to their new wa_id; returns the moved messages' ids. Rows
   * are locked in the order {@link lockForStatus} takes the parts of a message in, so that the
   * two cannot deadlock.
   */
  async moveCustomer(tx: TenantTx, from: CustomerRef, newWaId: string): Promise<MessageIds[]> {
    const rows = await updateReturning<{ whatsapp_message_id: string; genesys_message_id: string }>(
      tx.manager,
      `WITH moving AS (
         SELECT id FROM tracked_messages
         WHERE tenant_id = $1 AND phone_number_id = $2 AND customer_wa_id = $3
         ORDER BY genesys_message_id, part_index
         FOR UPDATE
       )
       UPDATE tracked_messages t SET customer_wa_id = $4, updated_at = now()
       FROM moving
       WHERE t.tenant_id = $1 AND t.id = moving.id
       RETURNING t.whatsapp_message_id, t.genesys_message_id`,
      [tx.tenantId, from.phoneNumberId, from.customerWaId, newWaId],
    );
    return rows.map((row) => ({
      whatsappMessageId: row.whatsapp_message_id,
      genesysMessageId: row.genesys_message_id,
    }));
  }
}
