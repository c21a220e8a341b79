import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Roles } from '@switchboard/backend-util-auth';
import type { Actor } from '../access/actor.util';
import { ActingAs, TenantInPath, type TenantAccess } from '../access/tenant-access.decorator';
import { ApiErrors, ApiUserAuth } from '../common/api-docs.decorator';
import { AuditPageView, AuditQueryDto, PlatformAuditQueryDto } from './audit.dto';
import { AuditService } from './audit.service';

@ApiTags('audit log')
@ApiUserAuth()
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('tenants/:tenantId/audit')
  @Roles('platform-admin', 'tenant-admin')
  @ApiOperation({ summary: "The tenant's audit log, newest first (no secret values, only fingerprints)" })
  @ApiParam({ name: 'tenantId', format: 'uuid' })
  @ApiOkResponse({ type: AuditPageView })
  @ApiErrors(400, 401, 403, 404)
  list(@TenantInPath() access: TenantAccess, @Query() query: AuditQueryDto): Promise<AuditPageView> {
    return this.audit.list(access, query);
  }

  @Get('audit')
  @Roles('platform-admin')
  @ApiOperation({ summary: 'The audit log of every tenant and of platform actions (platform-admin)' })
  @ApiOkResponse({ type: AuditPageView })
  @ApiErrors(400, 401, 403)
  listAll(@ActingAs() actor: Actor, @Query() query: PlatformAuditQueryDto): Promise<AuditPageView> {
    return this.audit.listAll(actor, query);
  }
}
