import {
  Global,
  Module,
  type DynamicModule,
  type INestApplicationContext,
  type ModuleMetadata,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { ObjectStorageSettings } from '@switchboard/backend-util-config';
import { ObservabilityModule, ReadinessRegistry } from '@switchboard/backend-util-observability';
import net from 'node:net';
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import request from 'supertest';
import { ObjectStorage } from './object-storage';
import {
  OBJECT_STORAGE_READINESS_CHECK,
  ObjectStorageModule,
  objectStorageOptionsFrom,
} from './object-storage.module';
import { startLocalS3Server, type LocalS3Server } from './s3-test-server';

const SETTINGS = Symbol('SETTINGS');

/** What a service's configuration module provides: the loaded `S3_*` variables. */
function settingsModule(endpoint: string): DynamicModule {
  const settings: ObjectStorageSettings = {
    S3_ENDPOINT: endpoint,
    S3_REGION: 'us-east-1',
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    S3_FORCE_PATH_STYLE: true,
  };
  @Global()
  @Module({})
  class SettingsModule {}
  return {
    module: SettingsModule,
    providers: [{ provide: SETTINGS, useValue: settings }],
    exports: [SETTINGS],
  };
}

function storageModule(bucket: string): DynamicModule {
  return ObjectStorageModule.forRootAsync({
    bucket,
    inject: [SETTINGS],
    useFactory: (settings: ObjectStorageSettings) => ({
      ...objectStorageOptionsFrom(settings),
      requestTimeoutMs: 2_000,
    }),
  });
}

@Global()
@Module({ providers: [ReadinessRegistry], exports: [ReadinessRegistry] })
class ReadinessOnlyModule {}

async function bootstrap(
  ...imports: NonNullable<ModuleMetadata['imports']>
): Promise<INestApplicationContext> {
  @Module({ imports })
  class TestAppModule {}
  return NestFactory.createApplicationContext(TestAppModule, { logger: false, abortOnError: false });
}

describe(ObjectStorageModule.name, () => {
  let server: LocalS3Server;
  let probe: ObjectStorage;
  const freshBucket = () => `module-test-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    server = await startLocalS3Server();
    probe = new ObjectStorage({
      endpoint: server.endpoint,
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    });
  });

  afterAll(async () => {
    probe?.close();
    await server?.close();
  });

  it('creates its bucket at start, reports it on /health/ready and closes the client at shutdown', async () => {
    const bucket = freshBucket();
    await expect(probe.ping(bucket)).rejects.toThrow();
    @Module({
      imports: [
        ObservabilityModule.forRoot({ serviceName: 'object-storage-test', destination: new PassThrough() }),
        settingsModule(server.endpoint),
        storageModule(bucket),
      ],
    })
    class ObservedAppModule {}
    const moduleRef = await Test.createTestingModule({ imports: [ObservedAppModule] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    const close = jest.spyOn(app.get(ObjectStorage), 'close');
    try {
      await expect(probe.ping(bucket)).resolves.toBeUndefined();
      const ready = await request(app.getHttpServer()).get('/health/ready').expect(200);
      expect(ready.body.info[OBJECT_STORAGE_READINESS_CHECK]).toEqual({ status: 'up' });
      expect(close).not.toHaveBeenCalled();
    } finally {
      await app.close();
    }
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('hands the service a client that works on its bucket', async () => {
    const bucket = freshBucket();
    const app = await bootstrap(settingsModule(server.endpoint), storageModule(bucket));
    try {
      await app.get(ObjectStorage).put({ bucket, key: 'tenant-a/x', body: 'x', contentType: 'text/plain' });
      expect(await probe.exists(bucket, 'tenant-a/x')).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('reports the storage as not ready once it stops answering', async () => {
    const own = await startLocalS3Server();
    const app = await bootstrap(
      ReadinessOnlyModule,
      settingsModule(own.endpoint),
      storageModule(freshBucket()),
    );
    try {
      const checks = new Map(app.get(ReadinessRegistry).entries());
      const check = checks.get(OBJECT_STORAGE_READINESS_CHECK);
      expect(check).toBeDefined();
      await expect(check?.()).resolves.toBeUndefined();

      await own.close();

      await expect(check?.()).rejects.toThrow();
    } finally {
      await app.close();
    }
  });

  it('refuses to start when the storage cannot be reached', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    await expect(
      bootstrap(settingsModule(`http://127.0.0.1:${port}`), storageModule(freshBucket())),
    ).rejects.toThrow();
  });
});
