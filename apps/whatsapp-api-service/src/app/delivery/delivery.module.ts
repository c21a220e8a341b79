import { Logger, Module } from '@nestjs/common';
import {
  MEDIA_BUCKETS,
  ObjectStorage,
  ObjectStorageModule,
  objectStorageOptionsFrom,
} from '@switchboard/backend-data-access-object-storage';
import { StateManagerClient, TenantDirectoryClient } from '@switchboard/backend-data-access-platform-clients';
import { MessagePublisher } from '@switchboard/backend-util-messaging';
import Redis from 'ioredis';
import {
  WHATSAPP_API_SERVICE_CONFIG,
  type WhatsAppApiServiceConfig,
} from '../config/whatsapp-api-service.config';
import { GraphModule } from '../graph/graph.module';
import { WhatsAppGraphClient } from '../graph/whatsapp-graph.client';
import { MediaUploader } from '../media/media-uploader';
import { WhatsAppMetrics } from '../metrics/whatsapp-metrics';
import { MediaIds } from './media-ids.store';
import { NumberRoutes } from './number-routes';
import { OutcomePublisher } from './outcome.publisher';
import { SentParts } from './sent-parts.store';
import { TypingIndicatorSender } from './typing-indicator.sender';
import { WhatsAppDeliveryConsumer, whatsAppDeliveryRetryPolicy } from './whatsapp-delivery.consumer';
import { WhatsAppDeliveryService } from './whatsapp-delivery.service';

/** `whatsapp.delivery` → Graph API → state-manager records and `whatsapp.delivery.outcome`. */
@Module({
  imports: [
    GraphModule,
    // The agents' attachments outbound-transformer stored: the bucket exists before anything is consumed.
    ObjectStorageModule.forRootAsync({
      bucket: MEDIA_BUCKETS.OUTBOUND,
      inject: [WHATSAPP_API_SERVICE_CONFIG],
      useFactory: (config: WhatsAppApiServiceConfig) => objectStorageOptionsFrom(config),
    }),
  ],
  providers: [
    {
      provide: NumberRoutes,
      inject: [TenantDirectoryClient],
      useFactory: (directory: TenantDirectoryClient) => new NumberRoutes(directory),
    },
    {
      provide: SentParts,
      inject: [Redis, WHATSAPP_API_SERVICE_CONFIG],
      useFactory: (redis: Redis, config: WhatsAppApiServiceConfig) =>
        new SentParts(redis, config.WHATSAPP_SENT_RECORD_TTL_SECONDS, new Logger(SentParts.name)),
    },
    {
      provide: MediaUploader,
      inject: [Redis, WHATSAPP_API_SERVICE_CONFIG, ObjectStorage, WhatsAppGraphClient, WhatsAppMetrics],
      useFactory: (
        redis: Redis,
        config: WhatsAppApiServiceConfig,
        storage: ObjectStorage,
        graph: WhatsAppGraphClient,
        metrics: WhatsAppMetrics,
      ) =>
        new MediaUploader(
          storage,
          graph,
          new MediaIds(redis, config.WHATSAPP_MEDIA_ID_TTL_SECONDS, new Logger(MediaIds.name)),
          metrics,
        ),
    },
    {
      provide: OutcomePublisher,
      inject: [MessagePublisher],
      useFactory: (publisher: MessagePublisher) => new OutcomePublisher(publisher),
    },
    {
      provide: TypingIndicatorSender,
      inject: [NumberRoutes, WhatsAppGraphClient, WhatsAppMetrics],
      useFactory: (routes: NumberRoutes, graph: WhatsAppGraphClient, metrics: WhatsAppMetrics) =>
        new TypingIndicatorSender(routes, graph, metrics, new Logger(TypingIndicatorSender.name)),
    },
    {
      provide: WhatsAppDeliveryService,
      inject: [
        WHATSAPP_API_SERVICE_CONFIG,
        NumberRoutes,
        WhatsAppGraphClient,
        MediaUploader,
        SentParts,
        StateManagerClient,
        OutcomePublisher,
        TypingIndicatorSender,
        WhatsAppMetrics,
      ],
      useFactory: (
        config: WhatsAppApiServiceConfig,
        routes: NumberRoutes,
        graph: WhatsAppGraphClient,
        media: MediaUploader,
        sent: SentParts,
        stateManager: StateManagerClient,
        outcomes: OutcomePublisher,
        typing: TypingIndicatorSender,
        metrics: WhatsAppMetrics,
      ) =>
        new WhatsAppDeliveryService({
          routes,
          graph,
          media,
          sent,
          stateManager,
          outcomes,
          typing,
          metrics,
          retryPolicy: whatsAppDeliveryRetryPolicy(config),
          logger: new Logger(WhatsAppDeliveryService.name),
        }),
    },
    WhatsAppDeliveryConsumer,
  ],
})
export class DeliveryModule {}
