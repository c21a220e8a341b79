import net from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { LocalS3Server, startLocalS3Server } from './s3-test-server';
import { ObjectNotFoundError, ObjectStorage } from './object-storage';

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

describe(ObjectStorage.name, () => {
  let server: LocalS3Server;
  let sut: ObjectStorage;
  const bucket = 'media-inbound-test';

  beforeAll(async () => {
    server = await startLocalS3Server();
    sut = new ObjectStorage({
      endpoint: server.endpoint,
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    });
  });

  afterAll(async () => {
    sut.close();
    await server.close();
  });

  it('creates a bucket once and tolerates being asked again', async () => {
    await sut.ensureBucket(bucket);
    await sut.ensureBucket(bucket);
    await expect(sut.ping(bucket)).resolves.toBeUndefined();
  });

  it('stores bytes and returns them with their content type and metadata', async () => {
    const bytes = randomBytes(256 * 1024);
    await sut.put({
      bucket,
      key: 'tenant-a/image-1',
      body: bytes,
      contentType: 'image/jpeg',
      metadata: { sha256: 'abc' },
    });
    const stored = await sut.get(bucket, 'tenant-a/image-1');
    expect(stored.contentType).toBe('image/jpeg');
    expect(stored.metadata['sha256']).toBe('abc');
    expect((await readAll(stored.body)).equals(bytes)).toBe(true);
    expect(await sut.exists(bucket, 'tenant-a/image-1')).toBe(true);
  });

  it('serves a presigned URL without credentials, byte-identical and with its MIME type', async () => {
    const bytes = Buffer.from('%PDF-1.4 fake pdf for the presign test');
    await sut.put({ bucket, key: 'tenant-a/doc.pdf', body: bytes, contentType: 'application/pdf' });
    const url = await sut.presignGet(bucket, 'tenant-a/doc.pdf', 60);
    expect(url.startsWith(server.endpoint)).toBe(true);
    expect(url).toContain('X-Amz-Signature=');
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const body = Buffer.from(await response.arrayBuffer());
    expect(createHash('sha256').update(body).digest('hex')).toBe(
      createHash('sha256').update(bytes).digest('hex'),
    );
  });

  it('signs presigned URLs for the public endpoint when the storage is reached inside the cluster', async () => {
    const behindIngress = new ObjectStorage({
      endpoint: server.endpoint,
      publicEndpoint: 'https://media.switchboard.example.com',
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    });
    try {
      const url = new URL(await behindIngress.presignGet(bucket, 'tenant-a/doc.pdf', 60));

      expect(url.origin).toBe('https://media.switchboard.example.com');
      expect(url.pathname).toBe(`/${bucket}/tenant-a/doc.pdf`);
      expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
      expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    } finally {
      behindIngress.close();
    }
  });

  it('gives up on a storage that accepts the connection but never answers', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const stuck = new ObjectStorage({
      endpoint: `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`,
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
      requestTimeoutMs: 300,
    });
    try {
      const startedAt = Date.now();
      await expect(
        stuck.put({ bucket, key: 'never', body: 'x', contentType: 'text/plain' }),
      ).rejects.toThrow();
      expect(Date.now() - startedAt).toBeLessThan(5_000);
    } finally {
      stuck.close();
      silent.close();
    }
  });

  it('stops serving a presigned URL once it has expired', async () => {
    // s3rver checks expiry but not the signature itself; MinIO and S3 check both.
    await sut.put({ bucket, key: 'short-lived', body: 'x', contentType: 'text/plain' });
    const url = await sut.presignGet(bucket, 'short-lived', 1);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await fetch(url)).status).toBe(403);
  });

  it('reports a missing object as ObjectNotFoundError', async () => {
    await expect(sut.get(bucket, 'nope')).rejects.toBeInstanceOf(ObjectNotFoundError);
    expect(await sut.exists(bucket, 'nope')).toBe(false);
  });

  it('deletes an object', async () => {
    await sut.put({ bucket, key: 'gone', body: 'x', contentType: 'text/plain' });
    await sut.delete(bucket, 'gone');
    expect(await sut.exists(bucket, 'gone')).toBe(false);
  });
});
