import { DynamicModule, Module } from '@nestjs/common';
import { ObservabilityModule } from '@switchboard/backend-util-observability';
import { type GenesysSimulatorConfig, SERVICE_NAME } from './config/genesys-simulator.config';
import { SimulatorModule } from './simulator.module';

@Module({})
export class AppModule {
  static forRoot(config: GenesysSimulatorConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ObservabilityModule.forRoot({ serviceName: SERVICE_NAME }), SimulatorModule.forRoot(config)],
    };
  }
}
