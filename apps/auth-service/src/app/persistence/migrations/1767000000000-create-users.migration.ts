import { tenantIsolationStatements } from '@switchboard/backend-data-access-persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateUsers1767000000000 implements MigrationInterface {
  name = 'CreateUsers1767000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        tenant_id uuid NULL,
        email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
        display_name text NULL CHECK (length(display_name) <= 200),
        role text NOT NULL CHECK (role IN ('platform-admin', 'tenant-admin', 'agent')),
        password_hash text NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_tenant_fits_role CHECK ((role = 'platform-admin') = (tenant_id IS NULL))
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX users_email_unique ON users (lower(email))`);
    await queryRunner.query(`CREATE INDEX users_tenant_id_idx ON users (tenant_id)`);
    for (const statement of tenantIsolationStatements('users')) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE users`);
  }
}
