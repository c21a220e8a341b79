import { DynamicModule, Global, Module } from '@nestjs/common';
import { GENESYS_WEBHOOK_CONFIG, type GenesysWebhookConfig } from './genesys-webhook.config';

/** The validated configuration, injectable everywhere. */
@Global()
@Module({})
export class GenesysWebhookConfigModule {
  static forRoot(config: GenesysWebhookConfig): DynamicModule {
    return {
      module: GenesysWebhookConfigModule,
      providers: [{ provide: GENESYS_WEBHOOK_CONFIG, useValue: config }],
      exports: [GENESYS_WEBHOOK_CONFIG],
    };
  }
}
