import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AUTH_SERVICE_CONFIG, type AuthServiceConfig } from './auth-service.config';

/** Makes the validated configuration injectable: `@Inject(AUTH_SERVICE_CONFIG)`. */
@Global()
@Module({})
export class AuthServiceConfigModule {
  static forRoot(config: AuthServiceConfig): DynamicModule {
    return {
      module: AuthServiceConfigModule,
      providers: [{ provide: AUTH_SERVICE_CONFIG, useValue: config }],
      exports: [AUTH_SERVICE_CONFIG],
    };
  }
}
