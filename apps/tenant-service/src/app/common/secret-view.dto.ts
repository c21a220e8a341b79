import { ApiProperty } from '@nestjs/swagger';

/** What the API shows of a stored secret: never the value, only its fingerprint and when it was set. */
export class SecretViewDto {
  @ApiProperty({
    description: 'HMAC-SHA256 of the secret under the service fingerprint key, first 16 hex characters',
    example: '3f1c9a27b04d5e68',
  })
  fingerprint!: string;

  @ApiProperty({ format: 'date-time' })
  setAt!: string;
}

export function secretView(fingerprint: string | null, setAt: Date | null): SecretViewDto | null {
  return fingerprint && setAt ? { fingerprint, setAt: setAt.toISOString() } : null;
}
