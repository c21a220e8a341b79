import { Body, Controller, HttpCode, Post, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Roles } from '@switchboard/backend-util-auth';
import { TenantInPath, type TenantAccess } from '../access/tenant-access.decorator';
import { ApiErrors, ApiUserAuth } from '../common/api-docs.decorator';
import { CloudErrorFilter } from './cloud-error.filter';
import { GenesysOnboardingService } from './genesys-onboarding.service';
import {
  GenesysOnboardingDto,
  GenesysOnboardingResultView,
  WhatsAppOnboardingDto,
  WhatsAppOnboardingResultView,
} from './onboarding.dto';
import { WhatsAppOnboardingService } from './whatsapp-onboarding.service';

@ApiTags('onboarding')
@ApiUserAuth()
@ApiParam({ name: 'tenantId', format: 'uuid' })
@UseFilters(CloudErrorFilter)
@Controller('tenants/:tenantId/onboarding')
export class OnboardingController {
  constructor(
    private readonly whatsApp: WhatsAppOnboardingService,
    private readonly genesys: GenesysOnboardingService,
  ) {}

  @Post('whatsapp')
  @HttpCode(200)
  @Roles('platform-admin', 'tenant-admin')
  @ApiOperation({
    summary: 'Complete WhatsApp Embedded Signup: code → token, register the number, subscribe the app, store',
  })
  @ApiOkResponse({ type: WhatsAppOnboardingResultView })
  @ApiErrors(400, 401, 403, 404, 409, 422, 502, 503)
  completeWhatsApp(
    @TenantInPath() access: TenantAccess,
    @Body() body: WhatsAppOnboardingDto,
  ): Promise<WhatsAppOnboardingResultView> {
    return this.whatsApp.complete(access, body);
  }

  @Post('genesys')
  @HttpCode(200)
  @Roles('platform-admin', 'tenant-admin')
  @ApiOperation({
    summary:
      "Connect a number to the tenant's Genesys org: log in, create or update the Open Messaging integration",
  })
  @ApiOkResponse({ type: GenesysOnboardingResultView })
  @ApiErrors(400, 401, 403, 404, 409, 422, 502, 503)
  completeGenesys(
    @TenantInPath() access: TenantAccess,
    @Body() body: GenesysOnboardingDto,
  ): Promise<GenesysOnboardingResultView> {
    return this.genesys.complete(access, body);
  }
}
