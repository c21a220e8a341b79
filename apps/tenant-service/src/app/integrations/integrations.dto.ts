import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GENESYS_REGIONS, GENESYS_WEBHOOK_SECRET_MIN_LENGTH } from '@switchboard/shared-contracts';
import { IsString, Length, Matches, IsOptional } from 'class-validator';
import { SecretViewDto } from '../common/secret-view.dto';

const INTEGRATION_ID = /^[A-Za-z0-9-]{1,64}$/;
const CLIENT_ID = /^[A-Za-z0-9._-]{1,128}$/;

export class CreateIntegrationDto {
  @ApiProperty({ description: 'Genesys Open Messaging integration id (unique across all tenants)' })
  @Matches(INTEGRATION_ID, { message: 'integrationId must be letters, digits and -' })
  integrationId!: string;

  @ApiProperty({ description: 'Genesys OAuth client id (client credentials grant)' })
  @Matches(CLIENT_ID, { message: 'clientId must be letters, digits, ., _ and -' })
  clientId!: string;

  @ApiProperty({ writeOnly: true, description: 'Genesys OAuth client secret; write-only, stored encrypted' })
  @IsString()
  @Length(1, 512)
  clientSecret!: string;

  @ApiProperty({
    writeOnly: true,
    minLength: GENESYS_WEBHOOK_SECRET_MIN_LENGTH,
    description: 'outboundNotificationWebhookSignatureSecretToken (more than 15 characters); write-only',
  })
  @IsString()
  @Length(GENESYS_WEBHOOK_SECRET_MIN_LENGTH, 512, {
    message: `webhookSecret must be more than ${GENESYS_WEBHOOK_SECRET_MIN_LENGTH - 1} characters (at most 512)`,
  })
  webhookSecret!: string;
}

export class UpdateIntegrationDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(INTEGRATION_ID, { message: 'integrationId must be letters, digits and -' })
  integrationId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(CLIENT_ID, { message: 'clientId must be letters, digits, ., _ and -' })
  clientId?: string;

  @ApiPropertyOptional({ writeOnly: true })
  @IsOptional()
  @IsString()
  @Length(1, 512)
  clientSecret?: string;

  @ApiPropertyOptional({ writeOnly: true, minLength: GENESYS_WEBHOOK_SECRET_MIN_LENGTH })
  @IsOptional()
  @IsString()
  @Length(GENESYS_WEBHOOK_SECRET_MIN_LENGTH, 512, {
    message: `webhookSecret must be more than ${GENESYS_WEBHOOK_SECRET_MIN_LENGTH - 1} characters (at most 512)`,
  })
  webhookSecret?: string;
}

export class IntegrationView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  tenantId!: string;

  @ApiProperty({ format: 'uuid' })
  numberId!: string;

  @ApiProperty()
  integrationId!: string;

  @ApiProperty()
  clientId!: string;

  @ApiProperty({ type: SecretViewDto })
  clientSecret!: SecretViewDto;

  @ApiProperty({ type: SecretViewDto })
  webhookSecret!: SecretViewDto;

  @ApiProperty({
    description: 'The outbound notification webhook URL registered (or to register) at Genesys',
  })
  webhookUrl!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class OAuthCredentialsView {
  @ApiProperty({ format: 'uuid' })
  tenantId!: string;

  @ApiProperty({ enum: GENESYS_REGIONS })
  region!: string;

  @ApiProperty()
  clientId!: string;

  @ApiProperty()
  clientSecret!: string;
}

export class WebhookSecretView {
  @ApiProperty({ format: 'uuid' })
  tenantId!: string;

  @ApiProperty()
  secret!: string;
}
