import {
  Body,
  Controller,
  ForbiddenException,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '@switchboard/backend-util-auth';
import { TenantInPath, type TenantAccess } from '../access/tenant-access.decorator';
import { ApiErrors, ApiUserAuth } from '../common/api-docs.decorator';
import { CreateIntegrationDto, IntegrationView, UpdateIntegrationDto } from './integrations.dto';
import { IntegrationsService } from './integrations.service';

@ApiTags('genesys integrations')
@ApiUserAuth()
@ApiParam({ name: 'tenantId', format: 'uuid' })
@ApiParam({ name: 'numberId', format: 'uuid' })
@Controller('tenants/:tenantId/phone-numbers/:numberId/integration')
export class IntegrationsController {
  constructor(private readonly integrations: IntegrationsService) {}

  @Get()
  @Roles('platform-admin', 'tenant-admin', 'agent')
  @ApiOperation({ summary: "The number's Genesys Open Messaging integration (secrets as fingerprints)" })
  @ApiOkResponse({ type: IntegrationView })
  @ApiErrors(401, 403, 404)
  get(@TenantInPath() access: TenantAccess, @Param('numberId') numberId: string): Promise<IntegrationView> {
    return this.integrations.get(access, numberId);
  }

  @Post()
  // The integration id routes Genesys's webhooks and our deliveries: a tenant proves it owns one
  // through onboarding (its own OAuth client creates it); only operators record one by hand.
  @Roles('platform-admin')
  @ApiOperation({
    summary:
      'Record an existing Genesys integration for the number (platform-admin; tenants use onboarding; secrets write-only)',
  })
  @ApiCreatedResponse({ type: IntegrationView })
  @ApiErrors(400, 401, 403, 404, 409)
  create(
    @TenantInPath() access: TenantAccess,
    @Param('numberId') numberId: string,
    @Body() body: CreateIntegrationDto,
  ): Promise<IntegrationView> {
    return this.integrations.create(access, numberId, body);
  }

  @Patch()
  @Roles('platform-admin', 'tenant-admin')
  @ApiOperation({ summary: 'Update the integration (ids or secrets)' })
  @ApiOkResponse({ type: IntegrationView })
  @ApiErrors(400, 401, 403, 404, 409)
  update(
    @TenantInPath() access: TenantAccess,
    @Param('numberId') numberId: string,
    @Body() body: UpdateIntegrationDto,
  ): Promise<IntegrationView> {
    if (body.integrationId !== undefined && !isPlatformAdmin(access)) {
      throw new ForbiddenException('only a platform admin may change the integration id; use onboarding');
    }
    return this.integrations.update(access, numberId, body);
  }

  @Delete()
  @HttpCode(204)
  @Roles('platform-admin', 'tenant-admin')
  @ApiOperation({ summary: 'Forget the integration (Genesys keeps it)' })
  @ApiNoContentResponse()
  @ApiErrors(401, 403, 404)
  remove(@TenantInPath() access: TenantAccess, @Param('numberId') numberId: string): Promise<void> {
    return this.integrations.remove(access, numberId);
  }
}

function isPlatformAdmin(access: TenantAccess): boolean {
  return access.principal.kind === 'user' && access.principal.role === 'platform-admin';
}
