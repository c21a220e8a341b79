import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { IntegrationsModule } from '../integrations/integrations.module';
import { LookupsModule } from '../lookups/lookups.module';
import { PhoneNumbersModule } from '../phone-numbers/phone-numbers.module';
import { TenantsModule } from '../tenants/tenants.module';
import { InternalApiKeysController } from './internal-api-keys.controller';
import { InternalCredentialsController } from './internal-credentials.controller';
import { InternalLookupsController } from './internal-lookups.controller';
import { InternalTenantsController } from './internal-tenants.controller';

/** Routes for the other services only (service tokens with audience tenant-service). */
@Module({
  imports: [LookupsModule, IntegrationsModule, PhoneNumbersModule, ApiKeysModule, TenantsModule],
  controllers: [
    InternalLookupsController,
    InternalCredentialsController,
    InternalApiKeysController,
    InternalTenantsController,
  ],
})
export class InternalModule {}
