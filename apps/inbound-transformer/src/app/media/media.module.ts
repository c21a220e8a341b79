import { Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { MEDIA_BUCKETS, ObjectStorage } from '@switchboard/backend-data-access-object-storage';
import { CloudTokenClient } from '@switchboard/backend-data-access-platform-clients';
import { ReadinessRegistry } from '@switchboard/backend-util-observability';
import {
  INBOUND_TRANSFORMER_CONFIG,
  type InboundTransformerConfig,
} from '../config/inbound-transformer.config';
import { PlatformClientsModule } from '../platform/platform-clients.module';
import { MediaRelayService } from './media-relay.service';
import { WhatsAppMediaClient } from './whatsapp-media.client';

/** Object storage for customer media: the bucket exists before anything is consumed. */
export class MediaStorageLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly storage: ObjectStorage,
    private readonly readiness: ReadinessRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    this.readiness.register('object-storage', () => this.storage.ping(MEDIA_BUCKETS.INBOUND));
    await this.storage.ensureBucket(MEDIA_BUCKETS.INBOUND);
  }

  onApplicationShutdown(): void {
    this.storage.close();
  }
}

@Module({
  imports: [PlatformClientsModule],
  providers: [
    {
      provide: ObjectStorage,
      inject: [INBOUND_TRANSFORMER_CONFIG],
      useFactory: (config: InboundTransformerConfig) =>
        new ObjectStorage({
          endpoint: config.S3_ENDPOINT,
          region: config.S3_REGION,
          accessKeyId: config.S3_ACCESS_KEY_ID,
          secretAccessKey: config.S3_SECRET_ACCESS_KEY,
          forcePathStyle: config.S3_FORCE_PATH_STYLE,
          publicEndpoint: config.S3_PUBLIC_ENDPOINT,
        }),
    },
    {
      provide: MediaStorageLifecycle,
      inject: [ObjectStorage, ReadinessRegistry],
      useFactory: (storage: ObjectStorage, readiness: ReadinessRegistry) =>
        new MediaStorageLifecycle(storage, readiness),
    },
    {
      provide: WhatsAppMediaClient,
      inject: [INBOUND_TRANSFORMER_CONFIG, CloudTokenClient],
      useFactory: (config: InboundTransformerConfig, tokens: CloudTokenClient) =>
        new WhatsAppMediaClient(
          {
            graphBaseUrl: config.WHATSAPP_GRAPH_BASE_URL,
            graphVersion: config.WHATSAPP_GRAPH_VERSION,
            urlPolicy: { allowedHosts: config.mediaHosts, allowInsecure: config.ALLOW_INSECURE_CLOUD_URLS },
            graphTimeoutMs: config.GRAPH_TIMEOUT_MS,
            downloadTimeoutMs: config.MEDIA_DOWNLOAD_TIMEOUT_MS,
          },
          tokens,
        ),
    },
    MediaRelayService,
  ],
  exports: [MediaRelayService],
})
export class MediaModule {}
