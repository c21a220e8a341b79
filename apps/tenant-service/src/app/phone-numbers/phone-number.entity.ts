import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A WhatsApp business number of a tenant; its access token is stored encrypted. */
@Entity({ name: 'phone_numbers' })
export class PhoneNumberEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  /** Meta's phone_number_id: unique across all tenants (webhooks are routed by it). */
  @Column('text', { name: 'phone_number_id' })
  phoneNumberId!: string;

  @Column('text', { name: 'display_number', nullable: true })
  displayNumber!: string | null;

  @Column('text', { name: 'waba_id' })
  wabaId!: string;

  @Column('integer', { name: 'throughput_tier' })
  throughputTier!: number;

  @Column('text', { name: 'access_token_ciphertext', nullable: true })
  accessTokenCiphertext!: string | null;

  @Column('text', { name: 'access_token_fingerprint', nullable: true })
  accessTokenFingerprint!: string | null;

  @Column('timestamptz', { name: 'access_token_set_at', nullable: true })
  accessTokenSetAt!: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
