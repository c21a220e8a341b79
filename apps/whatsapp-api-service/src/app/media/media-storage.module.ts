import { Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { MEDIA_BUCKETS, ObjectStorage } from '@switchboard/backend-data-access-object-storage';
import { ReadinessRegistry } from '@switchboard/backend-util-observability';
import {
  WHATSAPP_API_SERVICE_CONFIG,
  type WhatsAppApiServiceConfig,
} from '../config/whatsapp-api-service.config';

/** Object storage of the agents' attachments: the outbound bucket exists before anything is consumed. */
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

@Module({
  providers: [
    {
      provide: ObjectStorage,
      inject: [WHATSAPP_API_SERVICE_CONFIG],
      useFactory: (config: WhatsAppApiServiceConfig) =>
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
  ],
  exports: [ObjectStorage],
})
export class MediaStorageModule {}
