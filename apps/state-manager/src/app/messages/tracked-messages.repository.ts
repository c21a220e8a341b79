import type { TenantTx } from '@switchboard/backend-data-access-persistence';
import { Injectable } from '@nestjs/common';
import type { MessageDirection, StatusChange, TrackedMessageStatus } from '@switchboard/shared-contracts';
import { randomUUID } from 'node:crypto';
import type { CustomerRef } from '../conversations/conversations.repository';
import { updateReturning } from '../persistence/sql.util';
import { TrackedMessageEntity } from './tracked-message.entity';

export interface NewTrackedMessage extends CustomerRef {
  readonly direction: MessageDirection;
  readonly whatsappMessageId: string;
  readonly genesysMessageId: string;
  readonly conversationId: string | null;
  readonly integrationId: string;
  readonly status: TrackedMessageStatus;
  readonly statusHistory: StatusChange[];
}

/** The ids by which a moved message can be cached. */
export interface MessageIds {
  readonly whatsappMessageId: string;
  readonly genesysMessageId: string;
}

@Injectable()
export class TrackedMessagesRepository {
  findByWhatsAppId(
    tx: TenantTx,
    whatsappMessageId: string,
    options: { readonly lock?: boolean } = {},
  ): Promise<TrackedMessageEntity | null> {
    return tx.manager.findOne(TrackedMessageEntity, {
      where: { tenantId: tx.tenantId, whatsappMessageId },
      lock: options.lock ? { mode: 'pessimistic_write' } : undefined,
    });
  }

  findByGenesysId(tx: TenantTx, genesysMessageId: string): Promise<TrackedMessageEntity | null> {
    return tx.manager.findOne(TrackedMessageEntity, { where: { tenantId: tx.tenantId, genesysMessageId } });
  }

  /**
   * Inserts the message unless one with its wamid or Genesys id exists (concurrent inserts of
   * the same message wait for each other and one of them inserts). Returns the id of the new
   * row, or undefined when nothing was inserted.
   */
  async insertIfAbsent(tx: TenantTx, values: NewTrackedMessage): Promise<string | undefined> {
    const id = randomUUID();
    const rows: { id: string }[] = await tx.manager.query(
      `INSERT INTO tracked_messages (id, tenant_id, direction, whatsapp_message_id, genesys_message_id,
         conversation_id, integration_id, phone_number_id, customer_wa_id, status, status_history)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)
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
      ],
    );
    return rows[0]?.id;
  }

  async updateStatus(
    tx: TenantTx,
    id: string,
    status: TrackedMessageStatus,
    statusHistory: StatusChange[],
  ): Promise<TrackedMessageEntity> {
    await tx.manager.update(
      TrackedMessageEntity,
      { tenantId: tx.tenantId, id },
      { status, statusHistory, updatedAt: new Date() },
    );
    return tx.manager.findOneOrFail(TrackedMessageEntity, { where: { tenantId: tx.tenantId, id } });
  }

  /** Moves every message of a customer to their new wa_id; returns the moved messages' ids. */
  async moveCustomer(tx: TenantTx, from: CustomerRef, newWaId: string): Promise<MessageIds[]> {
    const rows = await updateReturning<{ whatsapp_message_id: string; genesys_message_id: string }>(
      tx.manager,
      `UPDATE tracked_messages SET customer_wa_id = $4, updated_at = now()
       WHERE tenant_id = $1 AND phone_number_id = $2 AND customer_wa_id = $3
       RETURNING whatsapp_message_id, genesys_message_id`,
      [tx.tenantId, from.phoneNumberId, from.customerWaId, newWaId],
    );
    return rows.map((row) => ({
      whatsappMessageId: row.whatsapp_message_id,
      genesysMessageId: row.genesys_message_id,
    }));
  }
}
