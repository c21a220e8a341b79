import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@switchboard/backend-util-auth';
import type { Actor } from '../access/actor.util';
import { ActingAs } from '../access/tenant-access.decorator';
import { ApiErrors, ApiUserAuth } from '../common/api-docs.decorator';
import { EncryptionStatusView, ReEncryptionResultView } from './encryption.dto';
import { ReEncryptionService } from './re-encryption.service';

@ApiTags('encryption')
@ApiUserAuth()
@Controller('admin/encryption')
export class EncryptionController {
  constructor(private readonly reEncryption: ReEncryptionService) {}

  @Get()
  @Roles('platform-admin')
  @ApiOperation({
    summary: 'Active key, configured keys and how many secrets each key encrypts (platform-admin)',
  })
  @ApiOkResponse({ type: EncryptionStatusView })
  @ApiErrors(401, 403)
  status(): Promise<EncryptionStatusView> {
    return this.reEncryption.status();
  }

  @Post('re-encrypt')
  @HttpCode(200)
  @Roles('platform-admin')
  @ApiOperation({ summary: 'Move every stored secret to the active key (platform-admin)' })
  @ApiOkResponse({ type: ReEncryptionResultView })
  @ApiErrors(401, 403)
  reEncrypt(@ActingAs() actor: Actor): Promise<ReEncryptionResultView> {
    return this.reEncryption.reEncrypt(actor);
  }
}
