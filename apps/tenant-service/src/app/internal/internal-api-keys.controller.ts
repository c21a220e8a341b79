import { Body, Controller, HttpCode, NotFoundException, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ServiceOnly, type ApiKeyPrincipal } from '@switchboard/backend-util-auth';
import { ApiKeyPrincipalView, VerifyApiKeyDto } from '../api-keys/api-keys.dto';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { ApiErrors, ApiServiceAuth } from '../common/api-docs.decorator';
import { API_KEY_VERIFY_CALLERS } from './internal-callers.constants';

@ApiTags('internal: API keys')
@Controller('internal/api-keys')
export class InternalApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post('verify')
  @HttpCode(200)
  @ServiceOnly(...API_KEY_VERIFY_CALLERS)
  @ApiServiceAuth(API_KEY_VERIFY_CALLERS)
  @ApiOperation({
    summary: 'The principal of an API key (any service: the gateway and services that accept API keys)',
  })
  @ApiOkResponse({ type: ApiKeyPrincipalView })
  @ApiErrors(400, 401, 404)
  async verify(@Body() body: VerifyApiKeyDto): Promise<ApiKeyPrincipal> {
    const principal = await this.apiKeys.verify(body.key);
    if (!principal) throw new NotFoundException('unknown, revoked or expired API key');
    return principal;
  }
}
