import { Module, type DynamicModule } from '@nestjs/common';
import { serviceCoreImports, type ServiceModuleOverrides } from '@switchboard/backend-feature-service-core';
import { MessagingModule } from '@switchboard/backend-util-messaging';
import { SERVICE_NAME, type GenesysApiServiceConfig } from './config/genesys-api-service.config';
import { GenesysApiServiceConfigModule } from './config/genesys-api-service-config.module';
import { DeliveryModule } from './delivery/delivery.module';

@Module({})
export class AppModule {
  static forRoot(config: GenesysApiServiceConfig, overrides: ServiceModuleOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...serviceCoreImports({
          serviceName: SERVICE_NAME,
          configModule: GenesysApiServiceConfigModule.forRoot(config),
          overrides,
          logLevel: config.LOG_LEVEL,
          redis: { url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX },
          messaging: { url: config.RABBITMQ_URL, logContext: MessagingModule.name },
          // No routes of its own besides health and metrics, but guarded by default all the same;
          // its service-token client authenticates the calls to auth-service and tenant-service.
          auth: { authServiceUrl: config.AUTH_SERVICE_URL, serviceSecret: config.SERVICE_CLIENT_SECRET },
        }),
        DeliveryModule,
      ],
    };
  }
}
