import { DynamicModule, Global, Module } from '@nestjs/common';
import { GENESYS_SIMULATOR_CONFIG, type GenesysSimulatorConfig } from '../config/genesys-simulator.config';
import { ClockService } from './clock.service';
import { RequestStatsService } from './request-stats.service';
import { SimulatorStateService } from './simulator-state.service';

/** Configuration, clock, state registry and request statistics, shared by every feature. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: GenesysSimulatorConfig): DynamicModule {
    const providers = [
      { provide: GENESYS_SIMULATOR_CONFIG, useValue: config },
      SimulatorStateService,
      ClockService,
      RequestStatsService,
    ];
    return { module: CoreModule, providers, exports: providers };
  }
}
