import { ApiProperty } from '@nestjs/swagger';
import { SERVICE_NAMES } from '@switchboard/shared-contracts';
import { IsIn } from 'class-validator';

export class ServiceTokenRequestDto {
  @ApiProperty({ enum: SERVICE_NAMES, description: 'The service the token is for' })
  @IsIn(SERVICE_NAMES)
  audience!: string;
}

export class ServiceTokenDto {
  @ApiProperty({ description: 'ES256 JWT: sub = the calling service, aud = the audience' })
  access_token!: string;

  @ApiProperty({ enum: ['bearer'] })
  token_type!: 'bearer';

  @ApiProperty({ description: 'Seconds until it expires' })
  expires_in!: number;
}

export class JwkDto {
  @ApiProperty({ example: 'EC' })
  kty!: string;

  @ApiProperty({ example: 'P-256' })
  crv!: string;

  @ApiProperty()
  x!: string;

  @ApiProperty()
  y!: string;

  @ApiProperty()
  kid!: string;

  @ApiProperty({ example: 'ES256' })
  alg!: string;

  @ApiProperty({ example: 'sig' })
  use!: string;
}

export class JwksDto {
  @ApiProperty({ type: [JwkDto], description: 'Public keys only; the first one signs' })
  keys!: JwkDto[];
}
