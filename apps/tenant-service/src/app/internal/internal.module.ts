import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { IntegrationsModule } from '../integrations/integrations.module';
import { LookupsModule } from '../lookups/lookups.module';
import { PhoneNumbersModule } from '../phone-numbers/phone-numbers.module';
import { InternalApiKeysController } from './internal-api-keys.controller';
import { InternalCredentialsController } from './internal-credentials.controller';
import { InternalLookupsController } from './internal-lookups.controller';

/** Routes for the other services only (service tokens with audience tenant-service). */
@Module({
  imports: [LookupsModule, IntegrationsModule, PhoneNumbersModule, ApiKeysModule],
  controllers: [InternalLookupsController, InternalCredentialsController, InternalApiKeysController],
})
export class InternalModule {}
