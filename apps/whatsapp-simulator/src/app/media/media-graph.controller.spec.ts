import { createHash } from 'node:crypto';
import {
  ACCESS_TOKEN,
  GRAPH_VERSION,
  PHONE_NUMBER_ID,
  SimulatorHarness,
} from '../../testing/simulator-harness.util';
import { loadSample, shapeOf } from '../../testing/samples.util';
import { MediaGraphController } from './media-graph.controller';

interface MediaUrlResponse {
  messaging_product: string;
  url: string;
  mime_type: string;
  sha256: string;
  file_size: string;
  id: string;
}

interface GraphError {
  error: { code: number; message: string; error_data?: { details: string } };
}

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('a small test picture')]);

function uploadForm(
  bytes: Buffer,
  type: string,
  fields: Record<string, string> = { messaging_product: 'whatsapp' },
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (type) form.append('type', type);
  form.append('file', new Blob([bytes], { type }), 'upload.bin');
  return form;
}

describe(MediaGraphController.name, () => {
  let sut: SimulatorHarness;

  beforeAll(async () => {
    sut = await SimulatorHarness.start({
      SEED_PHONE_NUMBERS: `${PHONE_NUMBER_ID}:${ACCESS_TOKEN},222222222222222:other-token`,
      PUBLIC_BASE_URL: 'http://127.0.0.1:3100',
      MAX_MEDIA_ITEMS: '3',
    });
  });

  afterAll(() => sut.close());

  beforeEach(() => sut.control('POST', 'reset'));

  const upload = (
    bytes: Buffer,
    type: string,
    token: string | null = ACCESS_TOKEN,
    fields?: Record<string, string>,
  ) =>
    sut.request<{ id: string }>('POST', `/${GRAPH_VERSION}/${PHONE_NUMBER_ID}/media`, {
      body: uploadForm(bytes, type, fields),
      token,
    });

  const retrieve = (id: string, token: string | null = ACCESS_TOKEN) =>
    sut.request<MediaUrlResponse>('GET', `/${GRAPH_VERSION}/${id}`, { token });

  const download = (url: string, token: string | null = ACCESS_TOKEN) =>
    fetch(sut.local(url), { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('uploads media and answers its id like the sample', async () => {
    const response = await upload(JPEG, 'image/jpeg');

    expect(response.status).toBe(200);
    expect(shapeOf(response.body)).toEqual(shapeOf(loadSample('wa-media-upload-response')));
    expect(response.body.id).toMatch(/^\d{16}$/);
  });

  it('retrieves the media URL with the fields of the sample', async () => {
    const { body } = await upload(JPEG, 'image/jpeg');

    const response = await retrieve(body.id);

    expect(response.status).toBe(200);
    expect(shapeOf(response.body)).toEqual(shapeOf(loadSample('wa-media-url-response')));
    expect(response.body).toEqual({
      messaging_product: 'whatsapp',
      url: expect.stringMatching(
        /^http:\/\/127\.0\.0\.1:3100\/whatsapp_business\/attachments\/\?mid=\d+&ext=\d+&hash=/,
      ),
      mime_type: 'image/jpeg',
      sha256: createHash('sha256').update(JPEG).digest('hex'),
      file_size: String(JPEG.length),
      id: body.id,
    });
  });

  it('serves the bytes at the URL to the same bearer token', async () => {
    const { body } = await upload(JPEG, 'image/jpeg');
    const { body: media } = await retrieve(body.id);

    const response = await download(media.url);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(JPEG);
  });

  it('refuses the download without a bearer token (401)', async () => {
    const { body } = await upload(JPEG, 'image/jpeg');
    const { body: media } = await retrieve(body.id);

    const response = await download(media.url, null);

    expect(response.status).toBe(401);
  });

  it('answers 404 once the URL is older than 5 minutes, and a new URL works again', async () => {
    const { body } = await upload(JPEG, 'image/jpeg');
    const { body: media } = await retrieve(body.id);
    await sut.control('POST', 'clock/advance', { ms: 299_000 });
    const stillValid = await download(media.url);
    await sut.control('POST', 'clock/advance', { ms: 2_000 });

    const expired = await download(media.url);
    const renewed = await download((await retrieve(body.id)).body.url);

    expect(stillValid.status).toBe(200);
    expect(expired.status).toBe(404);
    expect(renewed.status).toBe(200);
  });

  it('answers 404 for a tampered URL', async () => {
    const { body } = await upload(JPEG, 'image/jpeg');
    const { body: media } = await retrieve(body.id);
    const url = new URL(media.url);
    url.searchParams.set('ext', String(Number(url.searchParams.get('ext')) + 3600));

    const response = await download(url.toString());

    expect(response.status).toBe(404);
  });

  it('requires a token of the owning number to retrieve media', async () => {
    const { body } = await upload(JPEG, 'image/jpeg');

    const withoutToken = await retrieve(body.id, null);
    const otherNumber = await retrieve(body.id, 'other-token');

    expect(withoutToken.status).toBe(401);
    expect((withoutToken.body as unknown as GraphError).error.code).toBe(190);
    expect(otherNumber.status).toBe(400);
    expect((otherNumber.body as unknown as GraphError).error.code).toBe(100);
  });

  it('deletes media, after which it is unknown', async () => {
    const { body } = await upload(JPEG, 'image/jpeg');

    const deleted = await sut.request('DELETE', `/${GRAPH_VERSION}/${body.id}`, { token: ACCESS_TOKEN });
    const after = await retrieve(body.id);

    expect(deleted).toMatchObject({ status: 200, body: { success: true } });
    expect(after.status).toBe(400);
    expect((after.body as unknown as GraphError).error.code).toBe(100);
  });

  it('forgets uploaded media after 30 days', async () => {
    const { body } = await upload(JPEG, 'image/jpeg');
    await sut.control('POST', 'clock/advance', { ms: 30 * 24 * 3600 * 1000 });

    const response = await retrieve(body.id);

    expect(response.status).toBe(400);
  });

  it.each([
    ['an unsupported type', Buffer.from('GIF89a'), 'image/gif', 'Unsupported media type'],
    ['an OGG that is not OPUS', Buffer.from('OggS'), 'audio/ogg; codecs=vorbis', 'must be OPUS'],
    [
      'an image over 5 MB',
      Buffer.alloc(5 * 1024 * 1024 + 1, 1),
      'image/jpeg',
      'exceeds the 5242880 bytes limit',
    ],
    [
      'a static sticker over 100 KB',
      Buffer.alloc(100 * 1024 + 1, 1),
      'image/webp',
      'exceeds the 102400 bytes limit',
    ],
  ])('refuses %s with 131053', async (_name, bytes, type, details) => {
    const response = await upload(bytes, type);

    expect(response.status).toBe(400);
    expect((response.body as unknown as GraphError).error).toMatchObject({
      code: 131053,
      message: '(#131053) Media upload error',
      error_data: { details: expect.stringContaining(details) },
    });
  });

  it('accepts an animated sticker up to 500 KB', async () => {
    const animated = Buffer.concat([
      Buffer.from('RIFF\0\0\0\0WEBPVP8XANIM', 'latin1'),
      Buffer.alloc(200 * 1024, 1),
    ]);

    const response = await upload(animated, 'image/webp');

    expect(response.status).toBe(200);
  });

  it('requires messaging_product and type', async () => {
    const withoutProduct = await upload(JPEG, 'image/jpeg', ACCESS_TOKEN, {});
    const withoutType = await upload(JPEG, '');

    expect((withoutProduct.body as unknown as GraphError).error).toMatchObject({
      code: 131008,
      error_data: { details: "Parameter 'messaging_product' is required." },
    });
    expect((withoutType.body as unknown as GraphError).error).toMatchObject({
      code: 131008,
      error_data: { details: "Parameter 'type' is required." },
    });
  });

  it('refuses an upload without a bearer token', async () => {
    const response = await upload(JPEG, 'image/jpeg', null);

    expect(response.status).toBe(401);
  });

  it('preloads media through the control API so that webhooks can reference it', async () => {
    const preload = await sut.control<{ id: string; sha256: string; url: string }>('POST', 'media', {
      contentBase64: JPEG.toString('base64'),
      mimeType: 'image/jpeg',
    });

    const response = await download((await retrieve(preload.body.id)).body.url);

    expect(preload.status).toBe(201);
    expect(preload.body.sha256).toBe(createHash('sha256').update(JPEG).digest('base64'));
    expect(Buffer.from(await response.arrayBuffer())).toEqual(JPEG);
  });

  it('preloads media sent as multipart', async () => {
    const form = new FormData();
    form.append('type', 'application/pdf');
    form.append('file', new Blob([Buffer.from('%PDF-1.4 x')], { type: 'application/pdf' }), 'invoice.pdf');

    const preload = await sut.request<{ id: string; mimeType: string }>('POST', '/control/media', {
      body: form,
    });
    const { body } = await sut.control<{ items: { id: string; filename: string }[] }>('GET', 'media');

    expect(preload.body.mimeType).toBe('application/pdf');
    expect(body.items).toEqual([expect.objectContaining({ id: preload.body.id, filename: 'invoice.pdf' })]);
  });

  it('keeps at most MAX_MEDIA_ITEMS media, dropping the oldest', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1)
      ids.push((await upload(Buffer.from(`${JPEG.toString()}${i}`), 'image/jpeg')).body.id);

    const { body } = await sut.control<{ items: { id: string }[] }>('GET', 'media');

    expect(body.items.map((media) => media.id)).toEqual(ids.slice(1));
    expect((await retrieve(ids[0])).status).toBe(400);
  });
});
