import {
  BucketAlreadyOwnedByYou,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Readable } from 'node:stream';

export interface ObjectStorageOptions {
  /** S3 endpoint; MinIO or s3rver locally, empty for AWS S3. */
  readonly endpoint?: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Path-style addressing (`http://host/bucket/key`), needed by MinIO and s3rver. */
  readonly forcePathStyle: boolean;
  /**
   * Where the outside world (Genesys, WhatsApp) reaches the same storage, when `endpoint` is an
   * in-cluster address such as `http://minio:9000`: presigned URLs are signed for this host.
   */
  readonly publicEndpoint?: string;
  /** A request that takes longer fails instead of holding its caller for ever. Default 60 s. */
  readonly requestTimeoutMs?: number;
  /** Default 5 s. */
  readonly connectionTimeoutMs?: number;
}

export interface StoredObject {
  readonly body: Readable;
  readonly contentType?: string;
  readonly contentLength?: number;
  readonly metadata: Record<string, string>;
}

export interface PutObjectInput {
  readonly bucket: string;
  readonly key: string;
  readonly body: Buffer | Uint8Array | string;
  readonly contentType: string;
  readonly metadata?: Record<string, string>;
}

export class ObjectNotFoundError extends Error {
  constructor(bucket: string, key: string) {
    super(`object ${bucket}/${key} does not exist`);
    this.name = ObjectNotFoundError.name;
  }
}

/** The platform's one door to media storage: only the S3 API, so MinIO or S3 can take its place. */
export class ObjectStorage {
  private readonly client: S3Client;
  /** Signs presigned URLs only (no request is sent with it). */
  private readonly presignClient: S3Client;

  constructor(options: ObjectStorageOptions) {
    const client = (endpoint: string | undefined) =>
      new S3Client({
        endpoint: endpoint || undefined,
        region: options.region,
        forcePathStyle: options.forcePathStyle,
        credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
        requestHandler: {
          requestTimeout: options.requestTimeoutMs ?? 60_000,
          // Without it a breached requestTimeout is only logged (smithy's compatibility default).
          throwOnRequestTimeout: true,
          connectionTimeout: options.connectionTimeoutMs ?? 5_000,
        },
      });
    this.client = client(options.endpoint);
    this.presignClient = options.publicEndpoint ? client(options.publicEndpoint) : this.client;
  }

  /** Creates the bucket unless it exists (idempotent, safe for several replicas at once). */
  async ensureBucket(bucket: string): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: bucket }));
      return;
    } catch (error) {
      if (!(error instanceof NotFound) && (error as { name?: string }).name !== 'NotFound') throw error;
    }
    try {
      await this.client.send(new CreateBucketCommand({ Bucket: bucket }));
    } catch (error) {
      if (
        !(error instanceof BucketAlreadyOwnedByYou) &&
        (error as { name?: string }).name !== 'BucketAlreadyExists'
      ) {
        throw error;
      }
    }
  }

  async put(input: PutObjectInput): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: input.bucket,
        Key: input.key,
        Body: input.body,
        ContentType: input.contentType,
        Metadata: input.metadata,
      }),
    );
  }

  async get(bucket: string, key: string): Promise<StoredObject> {
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return {
        body: result.Body as Readable,
        contentType: result.ContentType,
        contentLength: result.ContentLength,
        metadata: result.Metadata ?? {},
      };
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') {
        throw new ObjectNotFoundError(bucket, key);
      }
      throw error;
    }
  }

  async exists(bucket: string, key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return true;
    } catch (error) {
      if (error instanceof NotFound || (error as { name?: string }).name === 'NotFound') return false;
      throw error;
    }
  }

  async delete(bucket: string, key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  }

  /** A GET URL that works without credentials until it expires (what Genesys fetches). */
  async presignGet(bucket: string, key: string, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(this.presignClient, new GetObjectCommand({ Bucket: bucket, Key: key }), {
      expiresIn: expiresInSeconds,
    });
  }

  /** Answers whether the storage endpoint can be reached with these credentials. */
  async ping(bucket: string): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: bucket }));
  }

  close(): void {
    this.client.destroy();
    if (this.presignClient !== this.client) this.presignClient.destroy();
  }
}
