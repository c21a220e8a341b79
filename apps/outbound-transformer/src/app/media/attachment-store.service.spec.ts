import {
  MEDIA_BUCKETS,
  type ObjectStorage,
  type PutObjectInput,
} from '@switchboard/backend-data-access-object-storage';
import { RetryableError } from '@switchboard/backend-util-messaging';
import {
  SafeFetchRefusedError,
  type SafeDownload,
  type SafeDownloadRequest,
  type SafeFetcher,
} from '@switchboard/backend-util-safe-fetch';
import { createHash } from 'node:crypto';
import { register } from 'prom-client';
import { loadOutboundTransformerConfig } from '../config/outbound-transformer.config';
import type { PlannedAttachment } from '../mapping/outbound-content.planner';
import { OutboundMetrics } from '../metrics/outbound.metrics';
import { MessageFailure } from '../pipeline/message-failure.error';
import { AttachmentStore } from './attachment-store.service';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

class FakeFetcher {
  readonly requests: { url: string; request: SafeDownloadRequest }[] = [];
  answer: (url: string) => SafeDownload = (url) => download(url, PNG, 'image/png');

  async download(url: string, request: SafeDownloadRequest): Promise<SafeDownload> {
    this.requests.push({ url, request });
    return this.answer(url);
  }
}

function download(url: string, bytes: Buffer, mimeType: string): SafeDownload {
  return {
    bytes,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    mimeType,
    sniffedMimeType: mimeType,
    finalUrl: url,
    redirects: 0,
  };
}

const attachment = (fields: Partial<PlannedAttachment> = {}): PlannedAttachment => ({
  index: 0,
  mediaType: 'Image',
  url: 'https://files.example.com/photo.png?signature=SECRET',
  declaredMimeType: 'image/png',
  filename: 'photo.png',
  ...fields,
});

describe(AttachmentStore.name, () => {
  let fetcher: FakeFetcher;
  let stored: PutObjectInput[];
  let sut: AttachmentStore;

  beforeEach(() => {
    register.clear();
    fetcher = new FakeFetcher();
    stored = [];
    const storage = {
      put: async (input: PutObjectInput) => void stored.push(input),
    } as unknown as ObjectStorage;
    sut = new AttachmentStore(
      fetcher as unknown as SafeFetcher,
      storage,
      new OutboundMetrics(),
      loadOutboundTransformerConfig({ MEDIA_FETCH_ATTEMPTS: '3' }),
    );
  });

  const fetchAll = (attachments: PlannedAttachment[], attempt = 0) =>
    sut.fetchAll({ tenantId: 'tenant-a', genesysMessageId: 'gm-1', attachments, attempt });

  it('stores each attachment under <tenant>/<message>/<index> with its type and SHA-256', async () => {
    const [fetched] = await fetchAll([attachment({ caption: 'The box' })]);

    const sha256 = createHash('sha256').update(PNG).digest('hex');
    expect(fetched).toEqual({
      media: {
        kind: 'image',
        bucket: MEDIA_BUCKETS.OUTBOUND,
        key: 'tenant-a/gm-1/0',
        mimeType: 'image/png',
        sizeBytes: PNG.length,
        sha256,
        filename: 'photo.png',
      },
      caption: 'The box',
    });
    expect(stored).toEqual([
      {
        bucket: MEDIA_BUCKETS.OUTBOUND,
        key: 'tenant-a/gm-1/0',
        body: PNG,
        contentType: 'image/png',
        metadata: { sha256 },
      },
    ]);
    expect(fetcher.requests[0]!.request).toMatchObject({
      declaredMimeType: 'image/png',
      maxBytes: 5 * 1024 * 1024,
    });
  });

  it('refuses an attachment Genesys announces above the cap without fetching it', async () => {
    const failure = await fetchAll([attachment({ contentSizeBytes: 6 * 1024 * 1024 })]).catch(
      (error) => error,
    );

    expect(failure).toBeInstanceOf(MessageFailure);
    expect(failure).toMatchObject({ reason: 'InvalidMediaContentLength' });
    expect(fetcher.requests).toEqual([]);
  });

  it('fails the message on a refusal, naming the attachment and never its URL', async () => {
    fetcher.answer = () => {
      throw new SafeFetchRefusedError(
        'private_address',
        'The attachment link points to a private network address.',
        {
          detail: 'files.example.com resolved to 10.0.0.5',
        },
      );
    };

    const failure = (await fetchAll([attachment()]).catch((error) => error)) as MessageFailure;

    expect(failure).toBeInstanceOf(MessageFailure);
    expect(failure.reason).toBe('GeneralError');
    expect(failure.message).toBe(
      'Attachment 1 (photo.png) could not be sent: The attachment link points to a private network address.',
    );
    expect(failure.message).not.toContain('SECRET');
    expect(stored).toEqual([]);
  });

  it('retries a passing failure until the last attempt, then fails the message', async () => {
    fetcher.answer = () => {
      throw new SafeFetchRefusedError('timeout', 'The attachment download timed out.', { retryable: true });
    };

    await expect(fetchAll([attachment()], 0)).rejects.toBeInstanceOf(RetryableError);
    await expect(fetchAll([attachment()], 1)).rejects.toBeInstanceOf(RetryableError);
    await expect(fetchAll([attachment()], 2)).rejects.toMatchObject({ reason: 'GeneralError' });
  });

  it('sends a WebP image as a sticker and refuses a static one over 100 KB', async () => {
    const webp = (length: number) =>
      Buffer.concat([Buffer.from('RIFF\x24\0\0\0WEBPVP8 \x18\0\0\0', 'latin1'), Buffer.alloc(length)]);
    fetcher.answer = (url) => download(url, webp(1000), 'image/webp');

    const [small] = await fetchAll([attachment({ declaredMimeType: 'image/webp', filename: undefined })]);
    fetcher.answer = (url) => download(url, webp(200 * 1024), 'image/webp');
    const failure = await fetchAll([attachment({ declaredMimeType: undefined })]).catch((error) => error);

    expect(small!.media.kind).toBe('sticker');
    expect(failure).toMatchObject({ reason: 'InvalidMediaContentLength' });
  });
});
