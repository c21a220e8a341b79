import { Controller, Delete, Get, Header, HttpCode, HttpStatus, Param, ParseUUIDPipe } from '@nestjs/common';
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
import { CloudTokenDto } from './cloud-token.dto';

@ApiTags('internal: token broker')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or invalid service token' })
@ApiForbiddenResponse({ description: 'Not genesys-api-service or tenant-service' })
@ServiceOnly(SERVICES.GENESYS_API.name, SERVICES.TENANT.name)
@Controller('internal/genesys-tokens')
export class GenesysTokensController {
  constructor(private readonly broker: CloudTokenBroker) {}

  @Get(':integrationId')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The Genesys client-credentials token of an Open Messaging integration (cached)' })
  @ApiOkResponse({ type: CloudTokenDto })
  @ApiNotFoundResponse({ description: 'tenant-service knows no credentials for this integration' })
  @ApiBadGatewayResponse({ description: 'Genesys or tenant-service refused for good (retryable: false)' })
  @ApiServiceUnavailableResponse({
    description: 'Genesys or tenant-service unavailable (retryable, Retry-After)',
  })
  async get(@Param('integrationId', ParseUUIDPipe) integrationId: string): Promise<CloudTokenDto> {
    return toCloudTokenDto(await this.broker.genesysToken(integrationId));
  }

  @Delete(':integrationId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Forget the cached token (after Genesys answered 401); the next GET fetches a new one',
  })
  @ApiNoContentResponse()
  invalidate(@Param('integrationId', ParseUUIDPipe) integrationId: string): Promise<void> {
    return this.broker.invalidateGenesys(integrationId);
  }
}
