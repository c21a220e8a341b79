import { Body, Controller, Get, Post } from '@nestjs/common';
import { parseRequest } from '../core/validation.util';
import { seedIntegrationSchema } from './integration.dto';
import { IntegrationsService, type IntegrationWithOrganization } from './integrations.service';

/** Control API: every organisation's integrations, and creation with a chosen id. */
@Controller('control/integrations')
export class IntegrationsControlController {
  constructor(private readonly integrations: IntegrationsService) {}

  @Get()
  listAll(): IntegrationWithOrganization[] {
    return this.integrations.listAll();
  }

  @Post()
  seed(@Body() body: unknown): IntegrationWithOrganization {
    return this.integrations.seed(parseRequest(seedIntegrationSchema, body));
  }
}
