import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The Genesys Open Messaging integration of one phone number; both secrets stored encrypted. */
@Entity({ name: 'genesys_integrations' })
export class GenesysIntegrationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('uuid', { name: 'number_id' })
  numberId!: string;

  /** Genesys's integration id: unique across all tenants (outbound webhooks are routed by it). */
  @Column('text', { name: 'integration_id' })
  integrationId!: string;

  @Column('text', { name: 'client_id' })
  clientId!: string;

  @Column('text', { name: 'client_secret_ciphertext' })
  clientSecretCiphertext!: string;

  @Column('text', { name: 'client_secret_fingerprint' })
  clientSecretFingerprint!: string;

  @Column('timestamptz', { name: 'client_secret_set_at' })
  clientSecretSetAt!: Date;

  @Column('text', { name: 'webhook_secret_ciphertext' })
  webhookSecretCiphertext!: string;

  @Column('text', { name: 'webhook_secret_fingerprint' })
  webhookSecretFingerprint!: string;

  @Column('timestamptz', { name: 'webhook_secret_set_at' })
  webhookSecretSetAt!: Date;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
