import { Global, Module, type DynamicModule } from '@nestjs/common';
import { GENESYS_API_SERVICE_CONFIG, type GenesysApiServiceConfig } from './genesys-api-service.config';

/** Makes the validated configuration injectable: `@Inject(GENESYS_API_SERVICE_CONFIG)`. */
@Global()
@Module({})
export class GenesysApiServiceConfigModule {
  static forRoot(config: GenesysApiServiceConfig): DynamicModule {
    return {
      module: GenesysApiServiceConfigModule,
      providers: [{ provide: GENESYS_API_SERVICE_CONFIG, useValue: config }],
      exports: [GENESYS_API_SERVICE_CONFIG],
    };
  }
}
