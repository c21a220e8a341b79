import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An agent's Genesys message that WhatsApp needs several sends for (text over 4,096 characters,
 * several attachments) is tracked once per send: a part index and count per row, and the Genesys
 * id is unique per part instead of per row. `failure_decided` marks the part whose failure
 * decided the message's Failed receipt (at most one per Genesys message), so that a repeat of
 * that status can answer it again. Conversations keep the wamid of the customer's last message
 * (a typing indicator is sent in reply to it).
 *
 * `down` cannot restore the old unique constraint while a Genesys message has several parts.
 */
export class TrackMessageParts1767398400000 implements MigrationInterface {
  name = 'TrackMessageParts1767398400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `ALTER TABLE tracked_messages
         ADD COLUMN part_index smallint NOT NULL DEFAULT 0,
         ADD COLUMN part_count smallint NOT NULL DEFAULT 1,
         ADD COLUMN failure_decided boolean NOT NULL DEFAULT false,
         ADD CONSTRAINT tracked_messages_part_in_range CHECK (part_index >= 0 AND part_index < part_count)`,
      `ALTER TABLE tracked_messages DROP CONSTRAINT tracked_messages_genesys_message_id_key`,
      `ALTER TABLE tracked_messages ADD CONSTRAINT tracked_messages_genesys_message_part_key
         UNIQUE (tenant_id, genesys_message_id, part_index)`,
      `CREATE UNIQUE INDEX tracked_messages_one_failure_decided_key
         ON tracked_messages (tenant_id, genesys_message_id) WHERE failure_decided`,
      `ALTER TABLE conversations ADD COLUMN last_inbound_message_id text`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `ALTER TABLE conversations DROP COLUMN IF EXISTS last_inbound_message_id`,
      `DROP INDEX IF EXISTS tracked_messages_one_failure_decided_key`,
      `ALTER TABLE tracked_messages DROP CONSTRAINT IF EXISTS tracked_messages_genesys_message_part_key`,
      `ALTER TABLE tracked_messages ADD CONSTRAINT tracked_messages_genesys_message_id_key
         UNIQUE (tenant_id, genesys_message_id)`,
      `ALTER TABLE tracked_messages
         DROP CONSTRAINT IF EXISTS tracked_messages_part_in_range,
         DROP COLUMN IF EXISTS failure_decided,
         DROP COLUMN IF EXISTS part_count,
         DROP COLUMN IF EXISTS part_index`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }
}
