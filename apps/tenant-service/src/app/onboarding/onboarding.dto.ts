import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GENESYS_REGIONS } from '@switchboard/shared-contracts';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IntegrationView } from '../integrations/integrations.dto';
import { DISPLAY_NUMBER_PATTERN } from '../phone-numbers/phone-numbers.dto';
import { PhoneNumberView } from '../phone-numbers/phone-numbers.dto';

/** What the Embedded Signup popup hands to the browser, plus the PIN chosen for the number. */
export class WhatsAppOnboardingDto {
  @ApiProperty({ writeOnly: true, description: 'Authorization code from Embedded Signup (single use)' })
  @IsString()
  @Length(1, 2048)
  code!: string;

  @ApiProperty({ example: '109876543210987' })
  @Matches(/^\d{1,20}$/, { message: 'phoneNumberId must be digits' })
  phoneNumberId!: string;

  @ApiProperty({ example: '100200300400500' })
  @Matches(/^\d{1,20}$/, { message: 'wabaId must be digits' })
  wabaId!: string;

  @ApiPropertyOptional({ description: 'Read from Graph when absent', example: '15550100200' })
  @IsOptional()
  @Matches(DISPLAY_NUMBER_PATTERN, { message: 'displayNumber must be a phone number' })
  displayNumber?: string;

  @ApiProperty({ writeOnly: true, description: 'Two-step verification PIN of the number: 6 digits' })
  @Matches(/^\d{6}$/, { message: 'pin must be 6 digits' })
  pin!: string;
}

export class GenesysOnboardingDto {
  @ApiProperty({ format: 'uuid', description: 'Our id of the WhatsApp number the integration serves' })
  @IsUUID()
  numberId!: string;

  @ApiProperty({
    enum: GENESYS_REGIONS,
    description: "The Genesys organisation's region (becomes the tenant's)",
  })
  @IsIn(GENESYS_REGIONS)
  region!: string;

  @ApiProperty({ description: 'OAuth client (client credentials) of the Genesys organisation' })
  @Matches(/^[A-Za-z0-9._-]{1,128}$/, { message: 'clientId must be letters, digits, ., _ and -' })
  clientId!: string;

  @ApiProperty({ writeOnly: true })
  @IsString()
  @Length(1, 512)
  clientSecret!: string;
}

export class WhatsAppOnboardingResultView {
  @ApiProperty({ type: PhoneNumberView })
  phoneNumber!: PhoneNumberView;

  @ApiProperty({
    type: [String],
    example: ['code exchanged', 'number registered', 'app subscribed to the WABA'],
  })
  steps!: string[];
}

export class GenesysOnboardingResultView {
  @ApiProperty({ type: IntegrationView })
  integration!: IntegrationView;

  @ApiProperty({ enum: ['created', 'updated'] })
  action!: 'created' | 'updated';
}
