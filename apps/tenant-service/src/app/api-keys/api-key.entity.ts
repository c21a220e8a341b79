import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A tenant API key: only its prefix (the public key id) and the SHA-256 of the whole key are kept. */
@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('text')
  name!: string;

  @Column('text')
  prefix!: string;

  @Column('text', { name: 'key_hash' })
  keyHash!: string;

  @Column('text', { name: 'created_by_kind' })
  createdByKind!: string;

  @Column('text', { name: 'created_by_id' })
  createdById!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt!: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt!: Date | null;

  /** Set when the key was rotated: the key that replaces it. */
  @Column('uuid', { name: 'replaced_by_id', nullable: true })
  replacedById!: string | null;
}
