import { DynamicModule, Module } from '@nestjs/common';
import { ObservabilityModule } from '@switchboard/backend-util-observability';
import { SERVICE_NAME, type WhatsAppSimulatorConfig } from './config/whatsapp-simulator.config';
import { SimulatorModule } from './simulator.module';

@Module({})
export class AppModule {
  static forRoot(config: WhatsAppSimulatorConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ObservabilityModule.forRoot({ serviceName: SERVICE_NAME }), SimulatorModule.forRoot(config)],
    };
  }
}
