import type { PlatformTx, TenantTx } from '@switchboard/backend-data-access-persistence';
import { Injectable } from '@nestjs/common';
import type { ConversationStatus } from '@switchboard/shared-contracts';
import { randomUUID } from 'node:crypto';
import { updateReturning } from '../persistence/sql.util';
import type { ConversationEntity } from './conversation.entity';

/** Identifies one customer of one of the tenant's numbers. */
export interface CustomerRef {
  readonly phoneNumberId: string;
  readonly customerWaId: string;
}

export interface NewConversation extends CustomerRef {
  readonly integrationId: string;
  readonly conversationId: string;
  readonly customerName: string | null;
  readonly lastInbound: InboundMessageRef | null;
  readonly lastActivityAt: Date;
}

/** A customer's message: WhatsApp's time of it and its wamid. */
export interface InboundMessageRef {
  readonly at: Date;
  readonly whatsappMessageId: string;
}

/** What a new message tells about a conversation. Times only move forward; a name only replaces. */
export interface ConversationTouch {
  readonly integrationId?: string;
  readonly customerName?: string | null;
  /** A customer's message: the last inbound time and wamid move to it if it is newer. */
  readonly inbound?: InboundMessageRef;
  readonly activityAt: Date;
}

/** Enough of an expired conversation to drop its cache entries. */
export interface ExpiredConversation extends CustomerRef {
  readonly tenantId: string;
  readonly conversationId: string;
}

/**
 * The columns of a conversation row under its {@link ConversationEntity} property names: raw
 * queries answer entity-shaped rows without TypeORM's query builder and hydration.
 */
export const CONVERSATION_COLUMNS = `id, tenant_id AS "tenantId", phone_number_id AS "phoneNumberId",
  customer_wa_id AS "customerWaId", customer_name AS "customerName", integration_id AS "integrationId",
  conversation_id AS "conversationId", status, last_inbound_at AS "lastInboundAt",
  last_inbound_message_id AS "lastInboundMessageId", last_activity_at AS "lastActivityAt",
  created_at AS "createdAt", updated_at AS "updatedAt", ended_at AS "endedAt"`;

/**
 * SET clauses moving last_inbound_at and last_inbound_message_id together, forward only: the
 * newer message wins (of two at the same time, the first one stays, unless no wamid is known yet).
 * `at` and `messageId` are SQL expressions (parameters); a null `at` changes neither.
 */
export function lastInboundAssignments(at: string, messageId: string): string {
  const newer = `${at} IS NOT NULL AND (last_inbound_at IS NULL OR ${at} > last_inbound_at
    OR (${at} = last_inbound_at AND last_inbound_message_id IS NULL))`;
  return `last_inbound_message_id = CASE WHEN ${newer} THEN ${messageId} ELSE last_inbound_message_id END,
      last_inbound_at = GREATEST(last_inbound_at, ${at})`;
}

interface LockOption {
  /** SELECT ... FOR UPDATE: hold the row until the transaction ends. */
  readonly lock?: boolean;
}

@Injectable()
export class ConversationsRepository {
  async findActive(
    tx: TenantTx,
    customer: CustomerRef,
    options: LockOption = {},
  ): Promise<ConversationEntity | null> {
    const rows: ConversationEntity[] = await tx.manager.query(
      `SELECT ${CONVERSATION_COLUMNS} FROM conversations
       WHERE tenant_id = $1 AND phone_number_id = $2 AND customer_wa_id = $3 AND status = 'active'
       ${options.lock ? 'FOR UPDATE' : ''}`,
      [tx.tenantId, customer.phoneNumberId, customer.customerWaId],
    );
    return rows[0] ?? null;
  }

  async findByConversationId(
    tx: TenantTx,
    conversationId: string,
    options: LockOption = {},
  ): Promise<ConversationEntity | null> {
    const rows: ConversationEntity[] = await tx.manager.query(
      `SELECT ${CONVERSATION_COLUMNS} FROM conversations
       WHERE tenant_id = $1 AND conversation_id = $2 ${options.lock ? 'FOR UPDATE' : ''}`,
      [tx.tenantId, conversationId],
    );
    return rows[0] ?? null;
  }

  /** Inserts an active mapping (the partial unique index refuses a second active one). */
  async insertActive(tx: TenantTx, values: NewConversation): Promise<ConversationEntity> {
    const rows: ConversationEntity[] = await tx.manager.query(
      `INSERT INTO conversations (id, tenant_id, phone_number_id, customer_wa_id, customer_name,
         integration_id, conversation_id, status, last_inbound_at, last_inbound_message_id,
         last_activity_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', $8, $9, $10)
       RETURNING ${CONVERSATION_COLUMNS}`,
      [
        randomUUID(),
        tx.tenantId,
        values.phoneNumberId,
        values.customerWaId,
        values.customerName,
        values.integrationId,
        values.conversationId,
        values.lastInbound?.at ?? null,
        values.lastInbound?.whatsappMessageId ?? null,
        values.lastActivityAt,
      ],
    );
    return rows[0] as ConversationEntity;
  }

  /** Applies a touch and, with `activate`, makes the mapping active again. */
  async touch(
    tx: TenantTx,
    id: string,
    touch: ConversationTouch,
    options: { readonly activate?: boolean } = {},
  ): Promise<ConversationEntity> {
    const [row] = await updateReturning<ConversationEntity>(
      tx.manager,
      `UPDATE conversations SET
         integration_id = COALESCE($3, integration_id),
         customer_name = COALESCE($4, customer_name),
         ${lastInboundAssignments('$5::timestamptz', '$8::text')},
         last_activity_at = GREATEST(last_activity_at, $6::timestamptz),
         status = CASE WHEN $7 THEN 'active' ELSE status END,
         ended_at = CASE WHEN $7 THEN NULL ELSE ended_at END,
         updated_at = now()
       WHERE tenant_id = $1 AND id = $2
       RETURNING ${CONVERSATION_COLUMNS}`,
      [
        tx.tenantId,
        id,
        touch.integrationId ?? null,
        touch.customerName ?? null,
        touch.inbound?.at ?? null,
        touch.activityAt,
        options.activate ?? false,
        touch.inbound?.whatsappMessageId ?? null,
      ],
    );
    if (!row) throw new Error(`conversation ${id} not found`);
    return row;
  }

  /** Touches the customer's active conversation, if there is one; returns it. */
  async touchActive(
    tx: TenantTx,
    customer: CustomerRef,
    touch: ConversationTouch,
  ): Promise<ConversationEntity | null> {
    const active = await this.findActive(tx, customer, { lock: true });
    return active ? this.touch(tx, active.id, touch) : null;
  }

  /** Ends an active mapping (closed: replaced or merged; expired: idle). */
  async end(tx: TenantTx, id: string, status: Exclude<ConversationStatus, 'active'>): Promise<void> {
    await tx.manager.query(
      `UPDATE conversations SET status = $3, ended_at = now(), updated_at = now()
       WHERE tenant_id = $1 AND id = $2 AND status = 'active'`,
      [tx.tenantId, id, status],
    );
  }

  /** Moves every mapping of a customer to their new wa_id; returns the moved conversation ids. */
  async moveCustomer(tx: TenantTx, from: CustomerRef, newWaId: string): Promise<string[]> {
    const rows = await updateReturning<{ conversation_id: string }>(
      tx.manager,
      `UPDATE conversations SET customer_wa_id = $4, updated_at = now()
       WHERE tenant_id = $1 AND phone_number_id = $2 AND customer_wa_id = $3
       RETURNING conversation_id`,
      [tx.tenantId, from.phoneNumberId, from.customerWaId, newWaId],
    );
    return rows.map((row) => row.conversation_id);
  }

  /**
   * Marks up to `limit` active conversations idle since before `cutoff` as expired, across every
   * tenant (the expiry job's platform scope). Rows a transaction is changing right now are
   * skipped, not waited for: the next run gets them if they are still idle.
   */
  async expireIdle(tx: PlatformTx, cutoff: Date, limit: number): Promise<ExpiredConversation[]> {
    const rows = await updateReturning<{
      tenant_id: string;
      phone_number_id: string;
      customer_wa_id: string;
      conversation_id: string;
    }>(
      tx.manager,
      `WITH idle AS (
         SELECT id FROM conversations
         WHERE status = 'active' AND last_activity_at < $1
         ORDER BY last_activity_at
         LIMIT $2
         FOR UPDATE SKIP LOCKED
       )
       UPDATE conversations c SET status = 'expired', ended_at = now(), updated_at = now()
       FROM idle
       WHERE c.id = idle.id AND c.status = 'active' AND c.last_activity_at < $1
       RETURNING c.tenant_id, c.phone_number_id, c.customer_wa_id, c.conversation_id`,
      [cutoff, limit],
    );
    return rows.map((row) => ({
      tenantId: row.tenant_id,
      phoneNumberId: row.phone_number_id,
      customerWaId: row.customer_wa_id,
      conversationId: row.conversation_id,
    }));
  }
}
