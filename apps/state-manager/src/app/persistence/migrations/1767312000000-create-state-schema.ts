import { tenantIsolationStatements } from '@switchboard/backend-data-access-persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Conversation mappings and tracked messages, both under row-level security. Their unique
 * indexes start with tenant_id, so each of them also serves as the table's tenant index.
 * (Value lists are written out: a migration must not change when a constant does.)
 */
export class CreateStateSchema1767312000000 implements MigrationInterface {
  name = 'CreateStateSchema1767312000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE conversations (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        phone_number_id text NOT NULL,
        customer_wa_id text NOT NULL,
        customer_name text,
        integration_id text NOT NULL,
        conversation_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'closed', 'expired')),
        last_inbound_at timestamptz,
        last_activity_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz,
        CONSTRAINT conversations_ended_unless_active CHECK ((status = 'active') = (ended_at IS NULL))
      )`,
      // At most one active conversation per customer of a number: the last line of defence
      // behind the Redis lock, and the only one while Redis is down.
      `CREATE UNIQUE INDEX conversations_one_active_key ON conversations (tenant_id, phone_number_id, customer_wa_id)
        WHERE status = 'active'`,
      `CREATE UNIQUE INDEX conversations_conversation_id_key ON conversations (tenant_id, conversation_id)`,
      `CREATE INDEX conversations_customer_idx ON conversations (tenant_id, phone_number_id, customer_wa_id)`,
      `CREATE INDEX conversations_idle_idx ON conversations (last_activity_at) WHERE status = 'active'`,
      ...tenantIsolationStatements('conversations'),

      `CREATE TABLE tracked_messages (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
        whatsapp_message_id text NOT NULL,
        genesys_message_id text NOT NULL,
        conversation_id text,
        integration_id text NOT NULL,
        phone_number_id text NOT NULL,
        customer_wa_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('accepted', 'sent', 'delivered', 'read', 'played', 'failed')),
        status_history jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(status_history) = 'array'),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT tracked_messages_whatsapp_message_id_key UNIQUE (tenant_id, whatsapp_message_id),
        CONSTRAINT tracked_messages_genesys_message_id_key UNIQUE (tenant_id, genesys_message_id)
      )`,
      `CREATE INDEX tracked_messages_customer_idx ON tracked_messages (tenant_id, phone_number_id, customer_wa_id)`,
      `CREATE INDEX tracked_messages_conversation_idx ON tracked_messages (tenant_id, conversation_id)`,
      ...tenantIsolationStatements('tracked_messages'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS tracked_messages`);
    await queryRunner.query(`DROP TABLE IF EXISTS conversations`);
  }
}
