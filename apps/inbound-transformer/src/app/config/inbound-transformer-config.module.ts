import { DynamicModule, Global, Module } from '@nestjs/common';
import { INBOUND_TRANSFORMER_CONFIG, type InboundTransformerConfig } from './inbound-transformer.config';

/** The validated configuration, for every module of the service. */
@Global()
@Module({})
export class InboundTransformerConfigModule {
  static forRoot(config: InboundTransformerConfig): DynamicModule {
    return {
      module: InboundTransformerConfigModule,
      providers: [{ provide: INBOUND_TRANSFORMER_CONFIG, useValue: config }],
      exports: [INBOUND_TRANSFORMER_CONFIG],
    };
  }
}
