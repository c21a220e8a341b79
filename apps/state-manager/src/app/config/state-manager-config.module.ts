import { DynamicModule, Global, Module } from '@nestjs/common';
import { STATE_MANAGER_CONFIG, type StateManagerConfig } from './state-manager.config';

/** The validated configuration, injectable everywhere as {@link STATE_MANAGER_CONFIG}. */
@Global()
@Module({})
export class StateManagerConfigModule {
  static forRoot(config: StateManagerConfig): DynamicModule {
    return {
      module: StateManagerConfigModule,
      providers: [{ provide: STATE_MANAGER_CONFIG, useValue: config }],
      exports: [STATE_MANAGER_CONFIG],
    };
  }
}
