import { Controller, Delete, Get, Header, HttpCode, HttpStatus, Param } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ServiceOnly } from '@switchboard/backend-util-auth';
import { SERVICES } from '@switchboard/shared-contracts';
import { CloudTokenBroker } from './cloud-token-broker.service';
import { toCloudTokenDto } from './cloud-token-view.util';
import { CloudTokenDto, PhoneNumberParamsDto } from './cloud-token.dto';

@ApiTags('internal: token broker')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or invalid service token' })
@ApiForbiddenResponse({ description: 'Not whatsapp-api-service or inbound-transformer' })
@ServiceOnly(SERVICES.WHATSAPP_API.name, SERVICES.INBOUND_TRANSFORMER.name)
@Controller('internal/whatsapp-tokens')
export class WhatsappTokensController {
  constructor(private readonly broker: CloudTokenBroker) {}

  @Get(':phoneNumberId')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The WhatsApp access token of a phone number, from tenant-service (cached)' })
  @ApiOkResponse({ type: CloudTokenDto })
  @ApiNotFoundResponse({ description: 'tenant-service knows no token for this number' })
  @ApiBadGatewayResponse({ description: 'tenant-service refused (retryable: false)' })
  @ApiServiceUnavailableResponse({ description: 'tenant-service unavailable (retryable, Retry-After)' })
  async get(@Param() params: PhoneNumberParamsDto): Promise<CloudTokenDto> {
    return toCloudTokenDto(await this.broker.whatsappToken(params.phoneNumberId));
  }

  @Delete(':phoneNumberId')
  // tenant-service also drops the cached token when a number's token changes.
  @ServiceOnly(SERVICES.WHATSAPP_API.name, SERVICES.INBOUND_TRANSFORMER.name, SERVICES.TENANT.name)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Forget the cached token (after the Graph API answered 401/190)' })
  @ApiNoContentResponse()
  invalidate(@Param() params: PhoneNumberParamsDto): Promise<void> {
    return this.broker.invalidateWhatsapp(params.phoneNumberId);
  }
}
