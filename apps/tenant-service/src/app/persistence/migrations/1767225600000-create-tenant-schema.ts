import { tenantIsolationStatements } from '@switchboard/backend-data-access-persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tenants, their WhatsApp numbers, Genesys integrations, API keys and the audit log, each with
 * row-level security (the tenants table on its own id), indexed by tenant.
 */
export class CreateTenantSchema1767225600000 implements MigrationInterface {
  name = 'CreateTenantSchema1767225600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE tenants (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
        genesys_region text NOT NULL,
        settings jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(settings) = 'object'),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      ...tenantIsolationStatements('tenants', 'id'),

      `CREATE TABLE phone_numbers (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        phone_number_id text NOT NULL,
        display_number text,
        waba_id text NOT NULL,
        throughput_tier integer NOT NULL DEFAULT 80 CHECK (throughput_tier BETWEEN 80 AND 1000),
        access_token_ciphertext text,
        access_token_fingerprint text,
        access_token_set_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT phone_numbers_phone_number_id_key UNIQUE (phone_number_id),
        CONSTRAINT phone_numbers_id_tenant_key UNIQUE (id, tenant_id),
        CONSTRAINT phone_numbers_access_token_complete CHECK (
          (access_token_ciphertext IS NULL) = (access_token_fingerprint IS NULL)
          AND (access_token_ciphertext IS NULL) = (access_token_set_at IS NULL))
      )`,
      `CREATE INDEX phone_numbers_tenant_id_idx ON phone_numbers (tenant_id)`,
      ...tenantIsolationStatements('phone_numbers'),

      `CREATE TABLE genesys_integrations (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        number_id uuid NOT NULL,
        integration_id text NOT NULL,
        client_id text NOT NULL,
        client_secret_ciphertext text NOT NULL,
        client_secret_fingerprint text NOT NULL,
        client_secret_set_at timestamptz NOT NULL,
        webhook_secret_ciphertext text NOT NULL,
        webhook_secret_fingerprint text NOT NULL,
        webhook_secret_set_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT genesys_integrations_integration_id_key UNIQUE (integration_id),
        CONSTRAINT genesys_integrations_number_id_key UNIQUE (number_id),
        CONSTRAINT genesys_integrations_number_fkey FOREIGN KEY (number_id, tenant_id)
          REFERENCES phone_numbers (id, tenant_id) ON DELETE CASCADE
      )`,
      `CREATE INDEX genesys_integrations_tenant_id_idx ON genesys_integrations (tenant_id)`,
      ...tenantIsolationStatements('genesys_integrations'),

      `CREATE TABLE api_keys (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        prefix text NOT NULL,
        key_hash text NOT NULL,
        created_by_kind text NOT NULL,
        created_by_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        revoked_at timestamptz,
        last_used_at timestamptz,
        replaced_by_id uuid REFERENCES api_keys (id) ON DELETE SET NULL,
        CONSTRAINT api_keys_prefix_key UNIQUE (prefix)
      )`,
      `CREATE INDEX api_keys_tenant_id_idx ON api_keys (tenant_id)`,
      ...tenantIsolationStatements('api_keys'),

      `CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        tenant_id uuid,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_kind text NOT NULL,
        actor_id text NOT NULL,
        actor_role text,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        before jsonb,
        after jsonb,
        correlation_id text
      )`,
      `CREATE INDEX audit_log_tenant_id_idx ON audit_log (tenant_id, id DESC)`,
      // Append-only: an entry, once written, is neither changed nor deleted (not even by the owner).
      `CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`,
      `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
      ...tenantIsolationStatements('audit_log'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['audit_log', 'api_keys', 'genesys_integrations', 'phone_numbers', 'tenants']) {
      await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await queryRunner.query(`DROP FUNCTION IF EXISTS audit_log_append_only()`);
  }
}
