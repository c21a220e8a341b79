import { Column, Entity, PrimaryColumn } from 'typeorm';

export const TENANT_STATUSES = ['active', 'suspended'] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

/** Tenant-owned by its own id: row-level security compares `id` with the transaction's tenant. */
@Entity({ name: 'tenants' })
export class TenantEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  status!: TenantStatus;

  @Column('text', { name: 'genesys_region' })
  genesysRegion!: string;

  @Column('jsonb')
  settings!: object;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
