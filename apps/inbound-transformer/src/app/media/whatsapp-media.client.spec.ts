import { RetryLaterError, RetryableError } from '@switchboard/backend-util-messaging';
import { createHash } from 'node:crypto';
import {
  WhatsAppMediaClient,
  type MediaDownloadRequest,
  type WhatsAppTokenSource,
} from './whatsapp-media.client';

const GRAPH = 'https://graph.facebook.com';
const DOWNLOAD_URL =
  'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=880011223344556&ext=1&hash=h';
const BYTES = Buffer.from('\xff\xd8\xff\xe0 a small jpeg', 'latin1');

type Route = (request: { url: URL; headers: Headers }) => Response;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

function description(overrides: Record<string, unknown> = {}): Response {
  return json(200, {
    messaging_product: 'whatsapp',
    url: DOWNLOAD_URL,
    mime_type: 'image/jpeg',
    sha256: createHash('sha256').update(BYTES).digest('hex'),
    file_size: String(BYTES.length),
    id: '880011223344556',
    ...overrides,
  });
}

class FakeTokens implements WhatsAppTokenSource {
  invalidated: string[] = [];
  async whatsAppToken(): Promise<string> {
    return 'tenant-token';
  }
  async invalidateWhatsAppToken(phoneNumberId: string): Promise<void> {
    this.invalidated.push(phoneNumberId);
  }
}

interface Setup {
  readonly describe?: Route[];
  readonly download?: Route[];
}

function setup(routes: Setup) {
  const describeRoutes = [...(routes.describe ?? [() => description()])];
  const downloadRoutes = [...(routes.download ?? [() => new Response(BYTES, { status: 200 })])];
  const calls: { url: string; authorization: string | null }[] = [];
  const fetchFake = (async (input: URL | string, init?: RequestInit) => {
    const url = new URL(String(input));
    const headers = new Headers(init?.headers);
    calls.push({ url: url.toString(), authorization: headers.get('authorization') });
    const queue = url.hostname === 'graph.facebook.com' ? describeRoutes : downloadRoutes;
    const route = queue.length > 1 ? queue.shift()! : queue[0]!;
    return route({ url, headers });
  }) as typeof fetch;
  const tokens = new FakeTokens();
  const sut = new WhatsAppMediaClient(
    {
      graphBaseUrl: GRAPH,
      graphVersion: 'v25.0',
      urlPolicy: { allowedHosts: ['graph.facebook.com', 'lookaside.fbsbx.com'], allowInsecure: false },
      graphTimeoutMs: 1000,
      downloadTimeoutMs: 1000,
      fetch: fetchFake,
    },
    tokens,
  );
  return { sut, calls, tokens };
}

const request: MediaDownloadRequest = {
  phoneNumberId: '109876543210987',
  mediaId: '880011223344556',
  maxBytes: 5 * 1024 * 1024,
};

describe(WhatsAppMediaClient.name, () => {
  it('describes the media by id, then downloads it with the same Bearer token', async () => {
    const { sut, calls } = setup({});

    const result = await sut.download(request);

    expect(result).toMatchObject({ kind: 'downloaded', bytes: BYTES });
    expect(calls).toEqual([
      {
        url: `${GRAPH}/v25.0/880011223344556?phone_number_id=109876543210987`,
        authorization: 'Bearer tenant-token',
      },
      { url: DOWNLOAD_URL, authorization: 'Bearer tenant-token' },
    ]);
  });

  it('never sends the token to a download host outside the allow-list', async () => {
    const { sut, calls } = setup({
      describe: [() => description({ url: 'https://collector.example.com/steal' })],
    });

    const result = await sut.download(request);

    expect(result).toEqual({
      kind: 'unavailable',
      reason: expect.stringContaining('host collector.example.com is not an allowed WhatsApp media host'),
    });
    expect(calls.map((call) => new URL(call.url).hostname)).toEqual(['graph.facebook.com']);
  });

  it('checks every redirect of the download against the allow-list', async () => {
    const { sut, calls } = setup({
      download: [
        () => new Response(null, { status: 302, headers: { location: 'http://lookaside.fbsbx.com/plain' } }),
      ],
    });

    const result = await sut.download(request);

    expect(result).toEqual({
      kind: 'unavailable',
      reason: expect.stringContaining('scheme http is not allowed'),
    });
    expect(calls).toHaveLength(2);
  });

  it('reports media the announced size of which is over the cap without downloading it', async () => {
    const { sut, calls } = setup({ describe: [() => description({ file_size: String(6 * 1024 * 1024) })] });

    await expect(sut.download(request)).resolves.toEqual({
      kind: 'unavailable',
      reason: 'the file exceeds 5 MB',
    });
    expect(calls).toHaveLength(1);
  });

  it('stops a download that grows past the cap whatever was announced', async () => {
    const { sut } = setup({
      describe: [() => description({ file_size: '10' })],
      download: [() => new Response(Buffer.alloc(2048), { status: 200 })],
    });

    await expect(sut.download({ ...request, maxBytes: 1024 })).resolves.toEqual({
      kind: 'unavailable',
      reason: 'the file exceeds 1 KB',
    });
  });

  it('reports a refused MIME type with the reason given', async () => {
    const { sut } = setup({ describe: [() => description({ mime_type: 'application/x-msdownload' })] });

    const result = await sut.download({ ...request, refuseMimeType: (mime) => `${mime} is not an image` });

    expect(result).toEqual({ kind: 'unavailable', reason: 'application/x-msdownload is not an image' });
  });

  it('reports media that no longer exists (404, or Graph code 100)', async () => {
    const gone = setup({ describe: [() => json(404, { error: { message: 'not found', code: 100 } })] });
    const unknown = setup({
      describe: [() => json(400, { error: { message: 'Object with ID does not exist', code: 100 } })],
    });

    for (const { sut } of [gone, unknown]) {
      await expect(sut.download(request)).resolves.toEqual({
        kind: 'unavailable',
        reason: 'the media no longer exists on WhatsApp (media expire after 7 days)',
      });
    }
  });

  it('fetches a new download URL once when the first has expired', async () => {
    const { sut, calls } = setup({
      download: [() => new Response('gone', { status: 404 }), () => new Response(BYTES, { status: 200 })],
    });

    await expect(sut.download(request)).resolves.toMatchObject({ kind: 'downloaded' });
    expect(calls).toHaveLength(4);
  });

  it('gives up when the download URL keeps expiring', async () => {
    const { sut } = setup({ download: [() => new Response('gone', { status: 404 })] });

    await expect(sut.download(request)).resolves.toEqual({
      kind: 'unavailable',
      reason: 'the download link WhatsApp gave kept expiring',
    });
  });

  it('retries server errors', async () => {
    const { sut } = setup({
      describe: [() => json(503, { error: { message: 'unavailable', code: 131016 } })],
    });

    await expect(sut.download(request)).rejects.toBeInstanceOf(RetryableError);
  });

  it('retries a failed connection', async () => {
    const { sut } = setup({
      download: [
        () => {
          throw new TypeError('fetch failed');
        },
      ],
    });

    await expect(sut.download(request)).rejects.toThrow(
      /WhatsApp media download failed: TypeError: fetch failed/,
    );
  });

  it('drops the token after a 401 and retries with a new one', async () => {
    const { sut, tokens } = setup({
      describe: [() => json(401, { error: { message: 'expired', code: 190 } })],
    });

    await expect(sut.download(request)).rejects.toBeInstanceOf(RetryableError);
    expect(tokens.invalidated).toEqual(['109876543210987']);
  });

  it('comes back after Retry-After when rate limited', async () => {
    const { sut } = setup({
      describe: [() => json(429, { error: { message: 'slow down', code: 130429 } }, { 'retry-after': '7' })],
    });

    const error = await sut.download(request).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RetryLaterError);
    expect((error as RetryLaterError).delayMs).toBe(7000);
  });

  it('reports other refusals with the Graph error', async () => {
    const { sut } = setup({ describe: [() => json(403, { error: { message: 'no permission', code: 10 } })] });

    await expect(sut.download(request)).resolves.toEqual({
      kind: 'unavailable',
      reason: 'WhatsApp refused the media description (error 10: no permission)',
    });
  });
});
