import { DynamicModule, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { MEDIA_BUCKETS, ObjectStorage } from '@switchboard/backend-data-access-object-storage';
import {
  SafeFetcher,
  parseStaticHosts,
  staticHostsResolver,
  type HostResolver,
  type SafeConnector,
} from '@switchboard/backend-util-safe-fetch';
import { ReadinessRegistry } from '@switchboard/backend-util-observability';
import {
  OUTBOUND_TRANSFORMER_CONFIG,
  type OutboundTransformerConfig,
} from '../config/outbound-transformer.config';
import { AttachmentStore } from './attachment-store.service';

/**
 * Where attachment downloads resolve names and open connections. Only tests replace them (a
 * fake DNS and a connector that records instead of dialling); production uses the system
 * resolver and a direct connection to the checked address.
 */
export interface MediaNetwork {
  readonly resolver?: HostResolver;
  readonly connector?: SafeConnector;
}

/** Object storage for agents' attachments: the bucket exists before anything is consumed. */
export class MediaStorageLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly storage: ObjectStorage,
    private readonly readiness: ReadinessRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    this.readiness.register('object-storage', () => this.storage.ping(MEDIA_BUCKETS.OUTBOUND));
    await this.storage.ensureBucket(MEDIA_BUCKETS.OUTBOUND);
  }

  onApplicationShutdown(): void {
    this.storage.close();
  }
}

@Module({})
export class MediaModule {
  static forRoot(network: MediaNetwork = {}): DynamicModule {
    return {
      module: MediaModule,
      providers: [
        {
          provide: ObjectStorage,
          inject: [OUTBOUND_TRANSFORMER_CONFIG],
          useFactory: (config: OutboundTransformerConfig) =>
            new ObjectStorage({
              endpoint: config.S3_ENDPOINT,
              region: config.S3_REGION,
              accessKeyId: config.S3_ACCESS_KEY_ID,
              secretAccessKey: config.S3_SECRET_ACCESS_KEY,
              forcePathStyle: config.S3_FORCE_PATH_STYLE,
            }),
        },
        {
          provide: MediaStorageLifecycle,
          inject: [ObjectStorage, ReadinessRegistry],
          useFactory: (storage: ObjectStorage, readiness: ReadinessRegistry) =>
            new MediaStorageLifecycle(storage, readiness),
        },
        {
          provide: SafeFetcher,
          inject: [OUTBOUND_TRANSFORMER_CONFIG],
          useFactory: (config: OutboundTransformerConfig) =>
            new SafeFetcher({
              connectTimeoutMs: config.MEDIA_CONNECT_TIMEOUT_MS,
              totalTimeoutMs: config.MEDIA_FETCH_TIMEOUT_MS,
              maxRedirects: config.MEDIA_MAX_REDIRECTS,
              allowHttpLoopback: config.MEDIA_ALLOW_HTTP_LOOPBACK,
              ...(network.resolver !== undefined && { resolver: network.resolver }),
              ...(network.resolver === undefined &&
                config.MEDIA_FETCH_HOST_OVERRIDES !== '' && {
                  resolver: staticHostsResolver(parseStaticHosts(config.MEDIA_FETCH_HOST_OVERRIDES)),
                }),
              ...(network.connector !== undefined && { connector: network.connector }),
            }),
        },
        AttachmentStore,
      ],
      exports: [AttachmentStore],
    };
  }
}
