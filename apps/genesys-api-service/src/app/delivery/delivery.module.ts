import { Logger, Module } from '@nestjs/common';
import { TenantDirectoryClient } from '@switchboard/backend-data-access-platform-clients';
import { MessagePublisher } from '@switchboard/backend-util-messaging';
import Redis from 'ioredis';
import {
  GENESYS_API_SERVICE_CONFIG,
  type GenesysApiServiceConfig,
} from '../config/genesys-api-service.config';
import { GenesysApiClient } from '../genesys/genesys-api.client';
import { GenesysModule } from '../genesys/genesys.module';
import { GenesysMetrics } from '../metrics/genesys-metrics';
import { AcceptedMessages } from './accepted-messages.store';
import { CorrelationPublisher } from './correlation.publisher';
import { GenesysDeliveryConsumer } from './genesys-delivery.consumer';
import { GenesysDeliveryService } from './genesys-delivery.service';
import { IntegrationRoutes } from './integration-routes';

/** `genesys.delivery` → Genesys → `genesys.correlation`. */
@Module({
  imports: [GenesysModule],
  providers: [
    {
      provide: IntegrationRoutes,
      inject: [TenantDirectoryClient],
      useFactory: (directory: TenantDirectoryClient) => new IntegrationRoutes(directory),
    },
    {
      provide: AcceptedMessages,
      inject: [Redis, GENESYS_API_SERVICE_CONFIG],
      useFactory: (redis: Redis, config: GenesysApiServiceConfig) =>
        new AcceptedMessages(redis, config.GENESYS_ACCEPTED_TTL_SECONDS, new Logger(AcceptedMessages.name)),
    },
    {
      provide: CorrelationPublisher,
      inject: [MessagePublisher],
      useFactory: (publisher: MessagePublisher) => new CorrelationPublisher(publisher),
    },
    {
      provide: GenesysDeliveryService,
      inject: [IntegrationRoutes, GenesysApiClient, AcceptedMessages, CorrelationPublisher, GenesysMetrics],
      useFactory: (
        routes: IntegrationRoutes,
        genesys: GenesysApiClient,
        accepted: AcceptedMessages,
        correlations: CorrelationPublisher,
        metrics: GenesysMetrics,
      ) =>
        new GenesysDeliveryService(
          routes,
          genesys,
          accepted,
          correlations,
          metrics,
          new Logger(GenesysDeliveryService.name),
        ),
    },
    GenesysDeliveryConsumer,
  ],
})
export class DeliveryModule {}
