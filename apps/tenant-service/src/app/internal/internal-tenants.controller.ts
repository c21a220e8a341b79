import { BadRequestException, Controller, Get, Header, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ServiceOnly } from '@switchboard/backend-util-auth';
import { ApiErrors, ApiServiceAuth } from '../common/api-docs.decorator';
import { isUuid } from '../common/ids.util';
import { TenantStatusView } from '../tenants/tenants.dto';
import { TenantsService } from '../tenants/tenants.service';
import { TENANT_STATUS_CALLERS } from './internal-callers.constants';

@ApiTags('internal: tenants')
@Controller('internal/tenants')
export class InternalTenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Get(':tenantId/status')
  @Header('Cache-Control', 'no-store')
  @ServiceOnly(...TENANT_STATUS_CALLERS)
  @ApiServiceAuth(TENANT_STATUS_CALLERS)
  @ApiOperation({
    summary: "A tenant's status: its users sign in only while it is active (auth-service only)",
  })
  @ApiParam({ name: 'tenantId', format: 'uuid' })
  @ApiOkResponse({ type: TenantStatusView })
  @ApiErrors(400, 401, 404)
  status(@Param('tenantId') tenantId: string): Promise<TenantStatusView> {
    if (!isUuid(tenantId)) throw new BadRequestException('tenantId must be a UUID');
    return this.tenants.statusOf(tenantId.toLowerCase());
  }
}
