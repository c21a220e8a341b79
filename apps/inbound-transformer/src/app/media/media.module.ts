import { Module } from '@nestjs/common';
import {
  MEDIA_BUCKETS,
  ObjectStorageModule,
  objectStorageOptionsFrom,
} from '@switchboard/backend-data-access-object-storage';
import { CloudTokenClient } from '@switchboard/backend-data-access-platform-clients';
import {
  INBOUND_TRANSFORMER_CONFIG,
  type InboundTransformerConfig,
} from '../config/inbound-transformer.config';
import { PlatformClientsModule } from '../platform/platform-clients.module';
import { MediaRelayService } from './media-relay.service';
import { WhatsAppMediaClient } from './whatsapp-media.client';

/** Customer media: Meta's files relayed into the inbound bucket, presigned for Genesys. */
@Module({
  imports: [
    PlatformClientsModule,
    ObjectStorageModule.forRootAsync({
      bucket: MEDIA_BUCKETS.INBOUND,
      inject: [INBOUND_TRANSFORMER_CONFIG],
      useFactory: (config: InboundTransformerConfig) => ({
        ...objectStorageOptionsFrom(config),
        publicEndpoint: config.S3_PUBLIC_ENDPOINT,
      }),
    }),
  ],
  providers: [
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
