import { Body, Controller, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ServiceOnly } from '@switchboard/backend-util-auth';
import { SERVICES } from '@switchboard/shared-contracts';
import { SessionsService } from './sessions.service';
import { RevokedTenantSessionsDto, RevokeTenantSessionsDto } from './tenant-sessions.dto';

@ApiTags('internal: sessions')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or invalid service token' })
@ApiForbiddenResponse({ description: 'Not tenant-service' })
@ServiceOnly(SERVICES.TENANT.name)
@Controller('internal/tenants')
export class TenantSessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Post(':tenantId/sessions/revoke')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      "Revoke every refresh session of a tenant's users (tenant-service, after suspending or deleting it); " +
      'access tokens already issued stay valid until they expire',
  })
  @ApiOkResponse({ type: RevokedTenantSessionsDto })
  @ApiBadRequestResponse({ description: 'The tenant id is not a UUID, or an unknown reason' })
  async revoke(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Body() body: RevokeTenantSessionsDto,
  ): Promise<RevokedTenantSessionsDto> {
    const normalised = tenantId.toLowerCase();
    const revokedSessions = await this.sessions.revokeTenantSessions(
      normalised,
      body.reason ?? 'tenant-suspended',
    );
    return { tenantId: normalised, revokedSessions };
  }
}
