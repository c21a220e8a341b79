import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { SecretViewDto } from '../common/secret-view.dto';

export const DISPLAY_NUMBER_PATTERN = /^\+?[0-9][0-9 ()-]{2,29}$/;

export class CreatePhoneNumberDto {
  @ApiProperty({
    description: "Meta's phone_number_id (unique across all tenants)",
    example: '109876543210987',
  })
  @Matches(/^\d{1,20}$/, { message: 'phoneNumberId must be digits' })
  phoneNumberId!: string;

  @ApiPropertyOptional({ example: '15550100200' })
  @IsOptional()
  @Matches(DISPLAY_NUMBER_PATTERN, { message: 'displayNumber must be a phone number' })
  displayNumber?: string;

  @ApiProperty({ description: 'WhatsApp Business Account id', example: '100200300400500' })
  @Matches(/^\d{1,20}$/, { message: 'wabaId must be digits' })
  wabaId!: string;

  @ApiPropertyOptional({ minimum: 80, maximum: 1000, default: 80, description: 'Messages per second' })
  @IsOptional()
  @IsInt()
  @Min(80)
  @Max(1000)
  throughputTier?: number;

  @ApiPropertyOptional({
    writeOnly: true,
    description: 'Graph API access token; write-only, stored encrypted',
  })
  @IsOptional()
  @IsString()
  @Length(1, 4096)
  accessToken?: string;
}

export class UpdatePhoneNumberDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(DISPLAY_NUMBER_PATTERN, { message: 'displayNumber must be a phone number' })
  displayNumber?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'wabaId must be digits' })
  wabaId?: string;

  @ApiPropertyOptional({ minimum: 80, maximum: 1000 })
  @IsOptional()
  @IsInt()
  @Min(80)
  @Max(1000)
  throughputTier?: number;

  @ApiPropertyOptional({ writeOnly: true, description: 'Replaces the access token; write-only' })
  @IsOptional()
  @IsString()
  @Length(1, 4096)
  accessToken?: string;
}

export class PhoneNumberView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  tenantId!: string;

  @ApiProperty()
  phoneNumberId!: string;

  @ApiProperty({ type: String, nullable: true })
  displayNumber!: string | null;

  @ApiProperty()
  wabaId!: string;

  @ApiProperty()
  throughputTier!: number;

  @ApiProperty({
    type: SecretViewDto,
    nullable: true,
    description: 'Fingerprint of the access token, never its value',
  })
  accessToken!: SecretViewDto | null;

  @ApiProperty({ type: String, nullable: true, description: 'Genesys integration id of the number, if any' })
  integrationId!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class PhoneNumberListView {
  @ApiProperty({ type: [PhoneNumberView] })
  items!: PhoneNumberView[];
}

export class AccessTokenGrantView {
  @ApiProperty({ format: 'uuid' })
  tenantId!: string;

  @ApiProperty({ description: 'Graph API access token of the number' })
  accessToken!: string;
}
