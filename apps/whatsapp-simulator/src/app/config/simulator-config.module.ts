import { DynamicModule, Global, Module } from '@nestjs/common';
import { WHATSAPP_SIMULATOR_CONFIG, type WhatsAppSimulatorConfig } from './whatsapp-simulator.config';

@Global()
@Module({})
export class SimulatorConfigModule {
  static forRoot(config: WhatsAppSimulatorConfig): DynamicModule {
    return {
      module: SimulatorConfigModule,
      providers: [{ provide: WHATSAPP_SIMULATOR_CONFIG, useValue: config }],
      exports: [WHATSAPP_SIMULATOR_CONFIG],
    };
  }
}
