import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ServiceOnly } from '@switchboard/backend-util-auth';
import { ApiErrors, ApiServiceAuth } from '../common/api-docs.decorator';
import { TenantLookupView } from '../lookups/lookups.dto';
import { LookupsService } from '../lookups/lookups.service';
import { INTEGRATION_LOOKUP_CALLERS, PHONE_NUMBER_LOOKUP_CALLERS } from './internal-callers.constants';

@ApiTags('internal: lookups')
@Controller('internal/lookup')
export class InternalLookupsController {
  constructor(private readonly lookups: LookupsService) {}

  @Get('phone-number/:phoneNumberId')
  @ServiceOnly(...PHONE_NUMBER_LOOKUP_CALLERS)
  @ApiServiceAuth(PHONE_NUMBER_LOOKUP_CALLERS)
  @ApiOperation({ summary: 'Tenant and number of a WhatsApp phone_number_id (cached; no secrets)' })
  @ApiParam({ name: 'phoneNumberId', description: "Meta's phone_number_id" })
  @ApiOkResponse({ type: TenantLookupView })
  @ApiErrors(401, 404)
  byPhoneNumber(@Param('phoneNumberId') phoneNumberId: string): Promise<TenantLookupView> {
    return this.lookups.byPhoneNumberId(phoneNumberId);
  }

  @Get('integration/:integrationId')
  @ServiceOnly(...INTEGRATION_LOOKUP_CALLERS)
  @ApiServiceAuth(INTEGRATION_LOOKUP_CALLERS)
  @ApiOperation({ summary: 'Tenant and number of a Genesys integration id (cached; no secrets)' })
  @ApiParam({ name: 'integrationId' })
  @ApiOkResponse({ type: TenantLookupView })
  @ApiErrors(401, 404)
  byIntegration(@Param('integrationId') integrationId: string): Promise<TenantLookupView> {
    return this.lookups.byIntegrationId(integrationId);
  }
}
