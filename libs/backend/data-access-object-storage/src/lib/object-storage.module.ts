import {
  Module,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type OnApplicationShutdown,
  type OnModuleInit,
  type OptionalFactoryDependency,
} from '@nestjs/common';
import type { ObjectStorageSettings } from '@switchboard/backend-util-config';
import { ReadinessRegistry } from '@switchboard/backend-util-observability';
import { ObjectStorage, type ObjectStorageOptions } from './object-storage';

export interface ObjectStorageModuleAsyncOptions {
  /** The service's bucket: created at start (before anything is consumed), checked by readiness. */
  readonly bucket: string;
  readonly imports?: ModuleMetadata['imports'];
  readonly inject?: Array<InjectionToken | OptionalFactoryDependency>;
  readonly useFactory: (...args: never[]) => ObjectStorageOptions | Promise<ObjectStorageOptions>;
}

/** Name of the check on `/health/ready`. */
export const OBJECT_STORAGE_READINESS_CHECK = 'object-storage';

const OBJECT_STORAGE_OPTIONS = Symbol('OBJECT_STORAGE_OPTIONS');

/** The client options from the `S3_*` variables (util-config's objectStorageVars). */
export function objectStorageOptionsFrom(settings: ObjectStorageSettings): ObjectStorageOptions {
  return {
    endpoint: settings.S3_ENDPOINT,
    region: settings.S3_REGION,
    accessKeyId: settings.S3_ACCESS_KEY_ID,
    secretAccessKey: settings.S3_SECRET_ACCESS_KEY,
    forcePathStyle: settings.S3_FORCE_PATH_STYLE,
  };
}

/** The bucket exists before anything is consumed; the client is closed at shutdown. */
export class ObjectStorageLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly storage: ObjectStorage,
    private readonly bucket: string,
    private readonly readiness?: ReadinessRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    this.readiness?.register(OBJECT_STORAGE_READINESS_CHECK, () => this.storage.ping(this.bucket));
    await this.storage.ensureBucket(this.bucket);
  }

  onApplicationShutdown(): void {
    this.storage.close();
  }
}

/** One {@link ObjectStorage} client per service, over its one bucket. */
@Module({})
export class ObjectStorageModule {
  static forRootAsync(options: ObjectStorageModuleAsyncOptions): DynamicModule {
    return {
      module: ObjectStorageModule,
      imports: options.imports ?? [],
      providers: [
        { provide: OBJECT_STORAGE_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        {
          provide: ObjectStorage,
          inject: [OBJECT_STORAGE_OPTIONS],
          useFactory: (storageOptions: ObjectStorageOptions) => new ObjectStorage(storageOptions),
        },
        {
          provide: ObjectStorageLifecycle,
          inject: [ObjectStorage, { token: ReadinessRegistry, optional: true }],
          useFactory: (storage: ObjectStorage, readiness: ReadinessRegistry | undefined) =>
            new ObjectStorageLifecycle(storage, options.bucket, readiness),
        },
      ],
      exports: [ObjectStorage],
    };
  }
}
