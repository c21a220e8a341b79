import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Roles } from '@switchboard/backend-util-auth';
import { TenantInPath, type TenantAccess } from '../access/tenant-access.decorator';
import { ApiErrors, ApiUserAuth } from '../common/api-docs.decorator';
import {
  ApiKeyListView,
  ApiKeyView,
  CreateApiKeyDto,
  CreatedApiKeyView,
  RotateApiKeyDto,
  RotatedApiKeyView,
} from './api-keys.dto';
import { ApiKeysService } from './api-keys.service';

@ApiTags('api keys')
@ApiUserAuth()
@ApiParam({ name: 'tenantId', format: 'uuid' })
@Controller('tenants/:tenantId/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  @Roles('platform-admin', 'tenant-admin')
  @ApiOperation({ summary: "The tenant's API keys, without secrets" })
  @ApiOkResponse({ type: ApiKeyListView })
  @ApiErrors(401, 403, 404)
  list(@TenantInPath() access: TenantAccess): Promise<ApiKeyListView> {
    return this.apiKeys.list(access);
  }

  @Post()
  @Roles('platform-admin', 'tenant-admin')
  @ApiOperation({ summary: 'Create an API key: the key is in this answer only (users only, not API keys)' })
  @ApiCreatedResponse({ type: CreatedApiKeyView })
  @ApiErrors(400, 401, 403, 404)
  create(
    @TenantInPath({ usersOnly: true }) access: TenantAccess,
    @Body() body: CreateApiKeyDto,
  ): Promise<CreatedApiKeyView> {
    return this.apiKeys.create(access, body);
  }

  @Post(':keyId/rotate')
  @Roles('platform-admin', 'tenant-admin')
  @ApiOperation({ summary: 'Issue a successor; the old key expires after the overlap (users only)' })
  @ApiParam({ name: 'keyId', format: 'uuid' })
  @ApiCreatedResponse({ type: RotatedApiKeyView })
  @ApiErrors(400, 401, 403, 404, 409)
  rotate(
    @TenantInPath({ usersOnly: true }) access: TenantAccess,
    @Param('keyId') keyId: string,
    @Body() body: RotateApiKeyDto,
  ): Promise<RotatedApiKeyView> {
    return this.apiKeys.rotate(access, keyId, body);
  }

  @Post(':keyId/revoke')
  @HttpCode(200)
  @Roles('platform-admin', 'tenant-admin')
  @ApiOperation({ summary: 'Revoke a key at once' })
  @ApiParam({ name: 'keyId', format: 'uuid' })
  @ApiOkResponse({ type: ApiKeyView })
  @ApiErrors(401, 403, 404)
  revoke(@TenantInPath() access: TenantAccess, @Param('keyId') keyId: string): Promise<ApiKeyView> {
    return this.apiKeys.revoke(access, keyId);
  }
}
