import { ApiProperty } from '@nestjs/swagger';

export class CiphertextCountView {
  @ApiProperty({ example: 'phone_numbers.access_token' })
  field!: string;

  @ApiProperty({ description: 'Key id the ciphertexts name' })
  keyId!: string;

  @ApiProperty()
  count!: number;

  @ApiProperty({ description: 'Whether this key id is configured (false: these secrets cannot be read)' })
  configured!: boolean;
}

export class EncryptionStatusView {
  @ApiProperty()
  activeKeyId!: string;

  @ApiProperty({ type: [String] })
  configuredKeyIds!: string[];

  @ApiProperty({ type: [CiphertextCountView] })
  ciphertexts!: CiphertextCountView[];
}

export class ReEncryptionFailureView {
  @ApiProperty()
  field!: string;

  @ApiProperty({ format: 'uuid' })
  rowId!: string;

  @ApiProperty()
  reason!: string;
}

export class ReEncryptionResultView {
  @ApiProperty()
  activeKeyId!: string;

  @ApiProperty({ description: 'Secrets moved to the active key' })
  reEncrypted!: number;

  @ApiProperty({ type: [ReEncryptionFailureView], description: 'Secrets that could not be decrypted' })
  failures!: ReEncryptionFailureView[];

  @ApiProperty({ type: EncryptionStatusView })
  status!: EncryptionStatusView;
}
