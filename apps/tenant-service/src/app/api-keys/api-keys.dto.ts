import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

const MAX_LIFETIME_SECONDS = 5 * 365 * 86_400;

export class CreateApiKeyDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'CRM integration' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({
    minimum: 60,
    maximum: MAX_LIFETIME_SECONDS,
    description: 'Lifetime; none: until revoked',
  })
  @IsOptional()
  @IsInt()
  @Min(60)
  @Max(MAX_LIFETIME_SECONDS)
  expiresInSeconds?: number;
}

export class RotateApiKeyDto {
  @ApiPropertyOptional({
    minimum: 0,
    description:
      'How long the old key keeps working (default API_KEY_DEFAULT_OVERLAP_SECONDS, at most API_KEY_MAX_OVERLAP_SECONDS)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  overlapSeconds?: number;

  @ApiPropertyOptional({ minimum: 60, maximum: MAX_LIFETIME_SECONDS, description: 'Lifetime of the new key' })
  @IsOptional()
  @IsInt()
  @Min(60)
  @Max(MAX_LIFETIME_SECONDS)
  expiresInSeconds?: number;
}

export class VerifyApiKeyDto {
  @ApiProperty({ description: 'The key as presented in X-API-Key' })
  @IsString()
  @Length(1, 256)
  key!: string;
}

export class ApiKeyCreatorView {
  @ApiProperty({ enum: ['user', 'api-key', 'service', 'system'] })
  kind!: string;

  @ApiProperty()
  id!: string;
}

export const API_KEY_STATUSES = ['active', 'expired', 'revoked'] as const;

export class ApiKeyView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  tenantId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ description: 'Public part of the key (sb_<prefix>_…)' })
  prefix!: string;

  @ApiProperty({ enum: API_KEY_STATUSES })
  status!: (typeof API_KEY_STATUSES)[number];

  @ApiProperty({ type: ApiKeyCreatorView })
  createdBy!: ApiKeyCreatorView;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastUsedAt!: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The key that replaced this one',
  })
  replacedById!: string | null;
}

export class ApiKeyListView {
  @ApiProperty({ type: [ApiKeyView] })
  items!: ApiKeyView[];
}

export class CreatedApiKeyView extends ApiKeyView {
  @ApiProperty({ description: 'The key itself: shown this once, never again' })
  key!: string;
}

export class RotatedApiKeyView {
  @ApiProperty({ type: CreatedApiKeyView })
  created!: CreatedApiKeyView;

  @ApiProperty({ type: ApiKeyView, description: 'The old key, now expiring after the overlap' })
  previous!: ApiKeyView;
}

export class ApiKeyPrincipalView {
  @ApiProperty({ enum: ['api-key'] })
  kind!: 'api-key';

  @ApiProperty({ format: 'uuid' })
  keyId!: string;

  @ApiProperty({ format: 'uuid' })
  tenantId!: string;

  @ApiProperty({ enum: ['tenant-admin'] })
  role!: 'tenant-admin';
}
