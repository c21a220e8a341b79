import {
  ACCESS_TOKEN,
  GRAPH_VERSION,
  PHONE_NUMBER_ID,
  SimulatorHarness,
  textMessage,
} from '../../testing/simulator-harness.util';
import { loadSample, shapeOf } from '../../testing/samples.util';
import { FaultsService } from './faults.service';

interface GraphError {
  error: {
    message: string;
    type: string;
    code: number;
    error_data?: { messaging_product: string; details: string };
    fbtrace_id: string;
  };
}

const OTHER_NUMBER = '222222222222222';

describe(FaultsService.name, () => {
  let sut: SimulatorHarness;

  beforeAll(async () => {
    sut = await SimulatorHarness.start({
      SEED_PHONE_NUMBERS: `${PHONE_NUMBER_ID}:${ACCESS_TOKEN},${OTHER_NUMBER}:other-token`,
    });
  });

  afterAll(() => sut.close());

  beforeEach(() => sut.control('POST', 'reset'));

  const addFault = (fault: Record<string, unknown>) => sut.control<{ id: string }>('POST', 'faults', fault);
  const send = () => sut.sendMessage<GraphError>(textMessage());

  it.each([
    [131047, 400, 'wa-error-131047'],
    [130429, 429, 'wa-error-130429'],
    [131056, 429, 'wa-error-131056'],
    [190, 401, 'wa-error-190'],
  ])('answers error %i with HTTP %i and the body of %s', async (code, status, sampleName) => {
    await addFault({ errorCode: code, count: 1 });

    const response = await send();
    const sample = loadSample<GraphError>(sampleName);

    expect(response.status).toBe(status);
    expect(shapeOf(response.body)).toEqual(shapeOf(sample));
    expect({ ...response.body.error, fbtrace_id: undefined }).toEqual({
      ...sample.error,
      fbtrace_id: undefined,
    });
  });

  it.each([
    [131000, 500, '(#131000) Something went wrong'],
    [131026, 400, '(#131026) Message undeliverable'],
    [131053, 400, '(#131053) Media upload error'],
    [80007, 429, '(#80007) Rate limit issues'],
    [4, 429, '(#4) Application request limit reached'],
    [368, 400, '(#368) Temporarily blocked for policies violations'],
    [131057, 503, '(#131057) Account in maintenance mode'],
  ])('answers error %i with HTTP %i and message %s', async (code, status, message) => {
    await addFault({ errorCode: code, count: 1 });

    const response = await send();

    expect(response.status).toBe(status);
    expect(response.body.error).toMatchObject({
      code,
      message,
      type: 'OAuthException',
      error_data: { messaging_product: 'whatsapp', details: expect.any(String) },
      fbtrace_id: expect.any(String),
    });
  });

  it('lets the HTTP status and Retry-After of an error be chosen', async () => {
    await addFault({ errorCode: 130429, httpStatus: 400, retryAfterSeconds: 7, count: 1 });

    const response = await send();

    expect(response.status).toBe(400);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.body.error.code).toBe(130429);
  });

  it('stops after the next N requests', async () => {
    await addFault({ errorCode: 130429, count: 2 });

    const statuses = [(await send()).status, (await send()).status, (await send()).status];
    const { body } = await sut.control<{ items: unknown[] }>('GET', 'faults');

    expect(statuses).toEqual([429, 429, 200]);
    expect(body.items).toEqual([]);
  });

  it('stops once its duration has passed', async () => {
    await addFault({ errorCode: 131000, durationMs: 60_000 });

    const during = await send();
    await sut.control('POST', 'clock/advance', { ms: 60_000 });
    const after = await send();

    expect(during.status).toBe(500);
    expect(after.status).toBe(200);
  });

  it('stops after a short real duration', async () => {
    await addFault({ errorCode: 131000, durationMs: 150 });

    const during = await send();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = await send();

    expect(during.status).toBe(500);
    expect(after.status).toBe(200);
  });

  it('answers a plain HTTP 5xx without a Graph body', async () => {
    await addFault({ httpStatus: 502, count: 1 });

    const response = await send();

    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(response.text).toBe('Bad Gateway');
  });

  it('answers slowly, then normally, for a delay fault', async () => {
    await addFault({ delayMs: 300, count: 1 });

    const started = Date.now();
    const slow = await send();
    const slowMs = Date.now() - started;
    const fastStarted = Date.now();
    await send();
    const fastMs = Date.now() - fastStarted;

    expect(slow.status).toBe(200);
    expect(slowMs).toBeGreaterThanOrEqual(290);
    expect(fastMs).toBeLessThan(290);
  });

  it('drops the connection without an answer', async () => {
    await addFault({ drop: true, count: 1 });

    await expect(send()).rejects.toThrow();
    expect((await send()).status).toBe(200);
  });

  it('hits only the phone number it names', async () => {
    await addFault({ phoneNumberId: OTHER_NUMBER, errorCode: 131047 });

    const unaffected = await send();
    const affected = await sut.sendMessage<GraphError>(textMessage(), {
      phoneNumberId: OTHER_NUMBER,
      token: 'other-token',
    });

    expect(unaffected.status).toBe(200);
    expect(affected.body.error.code).toBe(131047);
  });

  it('hits only the endpoint it names', async () => {
    await addFault({ endpoint: 'media', errorCode: 131000 });

    const message = await send();
    const media = await sut.request('GET', `/${GRAPH_VERSION}/1234567890123456`, { token: ACCESS_TOKEN });

    expect(message.status).toBe(200);
    expect(media.status).toBe(500);
  });

  it('can be removed before it ends', async () => {
    const { body } = await addFault({ errorCode: 131000 });

    await sut.control('DELETE', `faults/${body.id}`);

    expect((await send()).status).toBe(200);
  });

  it('refuses a fault that does nothing', async () => {
    const response = await addFault({ count: 1 });

    expect(response.status).toBe(400);
  });

  it('refuses more than MAX_FAULTS active faults', async () => {
    const limited = await SimulatorHarness.start({ MAX_FAULTS: '2' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i += 1)
        statuses.push((await limited.control('POST', 'faults', { errorCode: 131000 })).status);

      expect(statuses).toEqual([201, 201, 409]);
    } finally {
      await limited.close();
    }
  });
});
