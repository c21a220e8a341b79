import { DynamicModule, Global, Module } from '@nestjs/common';
import { WHATSAPP_WEBHOOK_CONFIG, type WhatsAppWebhookConfig } from './whatsapp-webhook.config';

/** The validated configuration, injectable everywhere. */
@Global()
@Module({})
export class WhatsAppWebhookConfigModule {
  static forRoot(config: WhatsAppWebhookConfig): DynamicModule {
    return {
      module: WhatsAppWebhookConfigModule,
      providers: [{ provide: WHATSAPP_WEBHOOK_CONFIG, useValue: config }],
      exports: [WHATSAPP_WEBHOOK_CONFIG],
    };
  }
}
