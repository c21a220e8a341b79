import { ApiProperty } from '@nestjs/swagger';
import { TENANT_STATUSES, type TenantStatus } from '../tenants/tenant.entity';

/** What the pipelines need to route one phone number or integration: no secrets. */
export class TenantLookupView {
  @ApiProperty({ format: 'uuid' })
  tenantId!: string;

  @ApiProperty({ enum: TENANT_STATUSES })
  tenantStatus!: TenantStatus;

  @ApiProperty({ format: 'uuid', description: 'Our id of the number' })
  numberId!: string;

  @ApiProperty({ description: "Meta's phone_number_id" })
  phoneNumberId!: string;

  @ApiProperty({ type: String, nullable: true })
  displayNumber!: string | null;

  @ApiProperty()
  wabaId!: string;

  @ApiProperty({ minimum: 80, maximum: 1000, description: 'Messages per second' })
  throughputTier!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Genesys integration id (null before onboarding)',
  })
  integrationId!: string | null;

  @ApiProperty()
  genesysRegion!: string;
}

export type LookupKind = 'phone-number' | 'integration';

/** Cache entries to drop after a change. */
export interface LookupKeys {
  readonly phoneNumberIds?: readonly (string | null | undefined)[];
  readonly integrationIds?: readonly (string | null | undefined)[];
}
