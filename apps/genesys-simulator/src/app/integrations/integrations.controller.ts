import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import type { AuthenticatedClient } from '../auth/access-tokens.service';
import { BearerTokenGuard } from '../auth/bearer-token.guard';
import { GenesysClient } from '../auth/genesys-client.decorator';
import { parseRequest } from '../core/validation.util';
import {
  createIntegrationSchema,
  type EntityListing,
  type IntegrationView,
  listIntegrationsQuerySchema,
  updateIntegrationSchema,
} from './integration.dto';
import { IntegrationsService } from './integrations.service';

/** `/api/v2/conversations/messaging/integrations/open[/{integrationId}]` (spec B5). */
@Controller('api/v2/conversations/messaging/integrations/open')
@UseGuards(BearerTokenGuard)
export class IntegrationsController {
  constructor(private readonly integrations: IntegrationsService) {}

  @Get()
  list(
    @GenesysClient() client: AuthenticatedClient,
    @Query() query: unknown,
  ): EntityListing<IntegrationView> {
    return this.integrations.list(client.organizationId, parseRequest(listIntegrationsQuerySchema, query));
  }

  @Post()
  @HttpCode(HttpStatus.OK)
  create(@GenesysClient() client: AuthenticatedClient, @Body() body: unknown): IntegrationView {
    return this.integrations.create(client.organizationId, parseRequest(createIntegrationSchema, body));
  }

  @Get(':integrationId')
  get(
    @GenesysClient() client: AuthenticatedClient,
    @Param('integrationId') integrationId: string,
  ): IntegrationView {
    return this.integrations.get(client.organizationId, integrationId);
  }

  @Patch(':integrationId')
  update(
    @GenesysClient() client: AuthenticatedClient,
    @Param('integrationId') integrationId: string,
    @Body() body: unknown,
  ): IntegrationView {
    return this.integrations.update(
      client.organizationId,
      integrationId,
      parseRequest(updateIntegrationSchema, body),
    );
  }

  @Delete(':integrationId')
  @HttpCode(HttpStatus.NO_CONTENT)
  remove(@GenesysClient() client: AuthenticatedClient, @Param('integrationId') integrationId: string): void {
    this.integrations.remove(client.organizationId, integrationId);
  }
}
