import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class CloudTokenDto {
  @ApiProperty({ description: 'Bearer token for the cloud API' })
  accessToken!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the cloud says it expires; null when unknown (WhatsApp system-user tokens)',
  })
  expiresAt!: string | null;
}

export class PhoneNumberParamsDto {
  @ApiProperty({ description: 'WhatsApp phone_number_id', example: '109876543210987' })
  @Matches(/^\d{1,32}$/, { message: 'phoneNumberId must be a WhatsApp phone_number_id (digits)' })
  phoneNumberId!: string;
}
