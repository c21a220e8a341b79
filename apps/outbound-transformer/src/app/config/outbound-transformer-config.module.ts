import { DynamicModule, Global, Module } from '@nestjs/common';
import { OUTBOUND_TRANSFORMER_CONFIG, type OutboundTransformerConfig } from './outbound-transformer.config';

/** The validated configuration, for every module of the service. */
@Global()
@Module({})
export class OutboundTransformerConfigModule {
  static forRoot(config: OutboundTransformerConfig): DynamicModule {
    return {
      module: OutboundTransformerConfigModule,
      providers: [{ provide: OUTBOUND_TRANSFORMER_CONFIG, useValue: config }],
      exports: [OUTBOUND_TRANSFORMER_CONFIG],
    };
  }
}
