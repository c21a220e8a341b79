import { tenantIsolationStatements } from '@switchboard/backend-data-access-persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRefreshTokens1767000000001 implements MigrationInterface {
  name = 'CreateRefreshTokens1767000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY,
        family_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        tenant_id uuid NULL,
        token_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        family_expires_at timestamptz NOT NULL,
        used_at timestamptz NULL,
        replaced_by uuid NULL,
        revoked_at timestamptz NULL,
        revoked_reason text NULL
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX refresh_tokens_token_hash_unique ON refresh_tokens (token_hash)`,
    );
    await queryRunner.query(`CREATE INDEX refresh_tokens_family_id_idx ON refresh_tokens (family_id)`);
    await queryRunner.query(`CREATE INDEX refresh_tokens_user_id_idx ON refresh_tokens (user_id)`);
    await queryRunner.query(`CREATE INDEX refresh_tokens_tenant_id_idx ON refresh_tokens (tenant_id)`);
    for (const statement of tenantIsolationStatements('refresh_tokens')) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE refresh_tokens`);
  }
}
