import { Module } from '@nestjs/common';
import { IntegrationsModule } from '../integrations/integrations.module';
import { PhoneNumbersModule } from '../phone-numbers/phone-numbers.module';
import { GenesysCloudClient } from './genesys-cloud.client';
import { GenesysOnboardingService } from './genesys-onboarding.service';
import { GraphApiClient } from './graph-api.client';
import { OnboardingController } from './onboarding.controller';
import { WhatsAppOnboardingService } from './whatsapp-onboarding.service';

@Module({
  imports: [PhoneNumbersModule, IntegrationsModule],
  controllers: [OnboardingController],
  providers: [GraphApiClient, GenesysCloudClient, WhatsAppOnboardingService, GenesysOnboardingService],
})
export class OnboardingModule {}
