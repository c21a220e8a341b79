import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '@switchboard/backend-util-auth';
import type { Actor } from '../access/actor.util';
import { ActingAs, TenantInPath, type TenantAccess } from '../access/tenant-access.decorator';
import { ApiErrors, ApiUserAuth } from '../common/api-docs.decorator';
import {
  CreateTenantDto,
  ListTenantsQueryDto,
  TenantListView,
  TenantView,
  UpdateTenantDto,
} from './tenants.dto';
import { TenantsService } from './tenants.service';

@ApiTags('tenants')
@ApiUserAuth()
@Controller('tenants')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Post()
  @Roles('platform-admin')
  @ApiOperation({ summary: 'Create a tenant (platform-admin)' })
  @ApiCreatedResponse({ type: TenantView })
  @ApiErrors(400, 401, 403)
  create(@ActingAs() actor: Actor, @Body() body: CreateTenantDto): Promise<TenantView> {
    return this.tenants.create(actor, body);
  }

  @Get()
  @Roles('platform-admin')
  @ApiOperation({ summary: 'List every tenant (platform-admin)' })
  @ApiOkResponse({ type: TenantListView })
  @ApiErrors(400, 401, 403)
  list(@ActingAs() actor: Actor, @Query() query: ListTenantsQueryDto): Promise<TenantListView> {
    return this.tenants.list(actor, query);
  }

  @Get(':tenantId')
  @Roles('platform-admin', 'tenant-admin', 'agent')
  @ApiOperation({ summary: 'Read a tenant (platform-admin: any; others: their own)' })
  @ApiParam({ name: 'tenantId', format: 'uuid' })
  @ApiOkResponse({ type: TenantView })
  @ApiErrors(401, 403, 404)
  get(@TenantInPath() access: TenantAccess): Promise<TenantView> {
    return this.tenants.get(access);
  }

  @Patch(':tenantId')
  @Roles('platform-admin', 'tenant-admin')
  @ApiOperation({ summary: 'Update a tenant (tenant-admin: its own, without status)' })
  @ApiParam({ name: 'tenantId', format: 'uuid' })
  @ApiOkResponse({ type: TenantView })
  @ApiErrors(400, 401, 403, 404)
  update(@TenantInPath() access: TenantAccess, @Body() body: UpdateTenantDto): Promise<TenantView> {
    return this.tenants.update(access, body);
  }

  @Delete(':tenantId')
  @HttpCode(204)
  @Roles('platform-admin')
  @ApiOperation({ summary: 'Delete a tenant with its numbers, integrations and API keys (platform-admin)' })
  @ApiParam({ name: 'tenantId', format: 'uuid' })
  @ApiNoContentResponse()
  @ApiErrors(401, 403, 404)
  remove(@TenantInPath() access: TenantAccess): Promise<void> {
    return this.tenants.remove(access);
  }
}
