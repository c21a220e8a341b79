import { Global, Module, type DynamicModule } from '@nestjs/common';
import { WHATSAPP_API_SERVICE_CONFIG, type WhatsAppApiServiceConfig } from './whatsapp-api-service.config';

/** Makes the validated configuration injectable: `@Inject(WHATSAPP_API_SERVICE_CONFIG)`. */
@Global()
@Module({})
export class WhatsAppApiServiceConfigModule {
  static forRoot(config: WhatsAppApiServiceConfig): DynamicModule {
    return {
      module: WhatsAppApiServiceConfigModule,
      providers: [{ provide: WHATSAPP_API_SERVICE_CONFIG, useValue: config }],
      exports: [WHATSAPP_API_SERVICE_CONFIG],
    };
  }
}
