import { DynamicModule, Module } from '@nestjs/common';
import {
  MEDIA_BUCKETS,
  ObjectStorageModule,
  objectStorageOptionsFrom,
} from '@switchboard/backend-data-access-object-storage';
import {
  SafeFetcher,
  parseStaticHosts,
  staticHostsResolver,
  type HostResolver,
  type SafeConnector,
} from '@switchboard/backend-util-safe-fetch';
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

@Module({})
export class MediaModule {
  static forRoot(network: MediaNetwork = {}): DynamicModule {
    return {
      module: MediaModule,
      imports: [
        ObjectStorageModule.forRootAsync({
          bucket: MEDIA_BUCKETS.OUTBOUND,
          inject: [OUTBOUND_TRANSFORMER_CONFIG],
          useFactory: (config: OutboundTransformerConfig) => objectStorageOptionsFrom(config),
        }),
      ],
      providers: [
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
