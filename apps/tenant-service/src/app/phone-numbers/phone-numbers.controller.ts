import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
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
import {
  CreatePhoneNumberDto,
  PhoneNumberListView,
  PhoneNumberView,
  UpdatePhoneNumberDto,
} from './phone-numbers.dto';
import { PhoneNumbersService } from './phone-numbers.service';

@ApiTags('phone numbers')
@ApiUserAuth()
@ApiParam({ name: 'tenantId', format: 'uuid' })
@Controller('tenants/:tenantId/phone-numbers')
export class PhoneNumbersController {
  constructor(private readonly numbers: PhoneNumbersService) {}

  @Get()
  @Roles('platform-admin', 'tenant-admin', 'agent')
  @ApiOperation({ summary: "The tenant's WhatsApp numbers (access tokens as fingerprints)" })
  @ApiOkResponse({ type: PhoneNumberListView })
  @ApiErrors(401, 403, 404)
  list(@TenantInPath() access: TenantAccess): Promise<PhoneNumberListView> {
    return this.numbers.list(access);
  }

  @Post()
  // The phone_number_id routes every inbound webhook: a tenant proves it owns a number through
  // Embedded Signup (onboarding); only operators record one by hand.
  @Roles('platform-admin')
  @ApiOperation({ summary: 'Add a WhatsApp number (the access token is write-only)' })
  @ApiCreatedResponse({ type: PhoneNumberView })
  @ApiErrors(400, 401, 403, 404, 409)
  create(@TenantInPath() access: TenantAccess, @Body() body: CreatePhoneNumberDto): Promise<PhoneNumberView> {
    return this.numbers.create(access, body);
  }

  @Get(':numberId')
  @Roles('platform-admin', 'tenant-admin', 'agent')
  @ApiOperation({ summary: 'One WhatsApp number' })
  @ApiParam({ name: 'numberId', format: 'uuid' })
  @ApiOkResponse({ type: PhoneNumberView })
  @ApiErrors(401, 403, 404)
  get(@TenantInPath() access: TenantAccess, @Param('numberId') numberId: string): Promise<PhoneNumberView> {
    return this.numbers.get(access, numberId);
  }

  @Patch(':numberId')
  @Roles('platform-admin', 'tenant-admin')
  @ApiOperation({ summary: 'Update a number (display number, WABA, throughput tier, access token)' })
  @ApiParam({ name: 'numberId', format: 'uuid' })
  @ApiOkResponse({ type: PhoneNumberView })
  @ApiErrors(400, 401, 403, 404)
  update(
    @TenantInPath() access: TenantAccess,
    @Param('numberId') numberId: string,
    @Body() body: UpdatePhoneNumberDto,
  ): Promise<PhoneNumberView> {
    return this.numbers.update(access, numberId, body);
  }

  @Delete(':numberId')
  @HttpCode(204)
  @Roles('platform-admin', 'tenant-admin')
  @ApiOperation({ summary: 'Remove a number and its integration' })
  @ApiParam({ name: 'numberId', format: 'uuid' })
  @ApiNoContentResponse()
  @ApiErrors(401, 403, 404)
  remove(@TenantInPath() access: TenantAccess, @Param('numberId') numberId: string): Promise<void> {
    return this.numbers.remove(access, numberId);
  }
}
