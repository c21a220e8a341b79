import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GENESYS_REGIONS } from '@switchboard/shared-contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsTimeZone,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../common/page-query.dto';
import { TENANT_STATUSES, type TenantStatus } from './tenant.entity';

/** Tenant settings: a closed set of fields, each validated (unknown fields are refused). */
export class TenantSettingsDto {
  @ApiPropertyOptional({ description: 'IANA time zone of the contact center', example: 'Europe/Berlin' })
  @IsOptional()
  @IsTimeZone()
  timezone?: string;

  @ApiPropertyOptional({ description: 'BCP 47 language tag', example: 'de-DE' })
  @IsOptional()
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/, { message: 'locale must be a BCP 47 tag such as de-DE' })
  locale?: string;

  @ApiPropertyOptional({
    description: 'Minutes without messages after which a conversation expires',
    minimum: 5,
    maximum: 10080,
    example: 1440,
  })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(10080)
  conversationIdleMinutes?: number;

  @ApiPropertyOptional({ description: 'Sent to a customer who writes for the first time', maxLength: 1024 })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  welcomeMessage?: string;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 20,
    description: 'Free labels (each at most 40 characters)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 40, { each: true })
  tags?: string[];
}

export class CreateTenantDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Acme Support' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: GENESYS_REGIONS, example: 'eu-central-1' })
  @IsIn(GENESYS_REGIONS)
  genesysRegion!: string;

  @ApiPropertyOptional({ enum: TENANT_STATUSES, default: 'active' })
  @IsOptional()
  @IsIn(TENANT_STATUSES)
  status?: TenantStatus;

  @ApiPropertyOptional({ type: TenantSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TenantSettingsDto)
  settings?: TenantSettingsDto;
}

/** Every field optional; `settings` replaces the stored settings as a whole. `status`: platform-admin only. */
export class UpdateTenantDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ enum: GENESYS_REGIONS })
  @IsOptional()
  @IsIn(GENESYS_REGIONS)
  genesysRegion?: string;

  @ApiPropertyOptional({ enum: TENANT_STATUSES, description: 'platform-admin only' })
  @IsOptional()
  @IsIn(TENANT_STATUSES)
  status?: TenantStatus;

  @ApiPropertyOptional({ type: TenantSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TenantSettingsDto)
  settings?: TenantSettingsDto;
}

export class ListTenantsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: TENANT_STATUSES })
  @IsOptional()
  @IsIn(TENANT_STATUSES)
  status?: TenantStatus;
}

export class TenantView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: TENANT_STATUSES })
  status!: TenantStatus;

  @ApiProperty({ enum: GENESYS_REGIONS })
  genesysRegion!: string;

  @ApiProperty({ type: TenantSettingsDto })
  settings!: TenantSettingsDto;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class TenantListView {
  @ApiProperty({ type: [TenantView] })
  items!: TenantView[];

  @ApiProperty()
  total!: number;

  @ApiProperty()
  limit!: number;

  @ApiProperty()
  offset!: number;
}

/** Whether a tenant's users may sign in (auth-service asks at login and refresh). */
export class TenantStatusView {
  @ApiProperty({ format: 'uuid' })
  tenantId!: string;

  @ApiProperty({ enum: TENANT_STATUSES })
  status!: TenantStatus;
}
