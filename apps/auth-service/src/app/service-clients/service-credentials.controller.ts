import { Body, Controller, Get, Header, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import {
  ApiBasicAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ServiceOnly } from '@switchboard/backend-util-auth';
import { ClientName } from './client-name.decorator';
import { ClientCredentialsGuard } from './client-credentials.guard';
import { JwksDto, ServiceTokenDto, ServiceTokenRequestDto } from './service-token.dto';
import { ServiceTokensService } from './service-tokens.service';

/** Routes for services presenting their client credentials (see ClientCredentialsMiddleware). */
@ApiTags('internal: service credentials')
@ApiBasicAuth('service-client')
@ApiUnauthorizedResponse({ description: 'No, wrong or non-Basic credentials (WWW-Authenticate: Basic)' })
@ApiForbiddenResponse({ description: 'Not a service' })
@ServiceOnly()
@UseGuards(ClientCredentialsGuard)
@Controller('internal')
export class ServiceCredentialsController {
  constructor(private readonly tokens: ServiceTokensService) {}

  @Get('jwks')
  @Header('Cache-Control', 'private, max-age=300')
  @ApiOperation({ summary: 'The public keys that verify platform tokens (JWKS)' })
  @ApiOkResponse({ type: JwksDto })
  jwks(): JwksDto {
    return this.tokens.jwks();
  }

  @Post('service-tokens')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'A service token of the calling service for the given audience' })
  @ApiOkResponse({ type: ServiceTokenDto })
  issue(@ClientName() client: string, @Body() dto: ServiceTokenRequestDto): Promise<ServiceTokenDto> {
    return this.tokens.issue(client, dto.audience);
  }
}
