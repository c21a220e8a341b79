import { createHmac } from 'node:crypto';
import { PHONE_NUMBER_ID, SimulatorHarness } from '../../testing/simulator-harness.util';
import { WebhookReceiver } from '../../testing/webhook-receiver.util';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { DeliveryRecord } from './webhook-delivery.types';

const APP_SECRET = 'test-meta-app-secret';

function hexHmac(body: Buffer, secret = APP_SECRET): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

describe(WebhookDeliveryService.name, () => {
  let sut: SimulatorHarness;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    sut = await SimulatorHarness.start({
      APP_SECRET,
      WEBHOOK_URL: receiver.url,
      WEBHOOK_MAX_ATTEMPTS: '4',
      MAX_RECORDED_DELIVERIES: '3',
      WEBHOOK_MAX_PENDING: '2',
    });
  });

  afterAll(async () => {
    await sut.close();
    await receiver.close();
  });

  beforeEach(async () => {
    await sut.control('POST', 'reset');
    receiver.received.length = 0;
    receiver.responder = () => 200;
  });

  const deliverText = (extra: Record<string, unknown> = {}) =>
    sut.control<{ delivery: DeliveryRecord }>('POST', 'webhooks/inbound', {
      messages: [{ type: 'text', body: 'Hi, I need help with my order' }],
      waitFor: 'final',
      ...extra,
    });

  it('signs the exact raw bytes with a lowercase hex HMAC-SHA256 of the app secret', async () => {
    await deliverText();

    const [request] = await receiver.waitFor(1);

    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-hub-signature-256']).toBe(`sha256=${hexHmac(request.body)}`);
    expect(request.headers['x-hub-signature-256']).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('records the delivery with the bytes it sent and its one successful attempt', async () => {
    const { body } = await deliverText();

    const [request] = await receiver.waitFor(1);
    const listed = await sut.control<{ items: DeliveryRecord[] }>('GET', 'deliveries');

    expect(body.delivery).toMatchObject({
      state: 'delivered',
      kind: 'messages',
      url: receiver.url,
      phoneNumberId: PHONE_NUMBER_ID,
    });
    expect(body.delivery.body).toBe(request.body.toString('utf8'));
    expect(body.delivery.attempts).toEqual([expect.objectContaining({ attempt: 1, statusCode: 200 })]);
    expect(listed.body.items.map((delivery) => delivery.id)).toEqual([body.delivery.id]);
  });

  it('retries a non-200 answer until the receiver answers 200, resending the same bytes', async () => {
    receiver.responder = (_request, index) => (index < 2 ? 500 : 200);

    const { body } = await deliverText();
    const requests = await receiver.waitFor(3);

    expect(body.delivery.state).toBe('delivered');
    expect(body.delivery.attempts.map((attempt) => attempt.statusCode)).toEqual([500, 500, 200]);
    expect(requests.map((request) => request.body)).toEqual([
      requests[0].body,
      requests[0].body,
      requests[0].body,
    ]);
  });

  it('waits initialDelay × factor^(n-1) between attempts', async () => {
    await sut.control('PUT', 'webhooks/settings', { initialDelayMs: 100, factor: 3, maxDelayMs: 10_000 });
    receiver.responder = (_request, index) => (index < 2 ? 500 : 200);

    const { body } = await deliverText();
    const [first, second, third] = body.delivery.attempts.map((attempt) => Date.parse(attempt.startedAt));

    expect(second - first).toBeGreaterThanOrEqual(100);
    expect(second - first).toBeLessThan(300);
    expect(third - second).toBeGreaterThanOrEqual(300);
  });

  it('counts only HTTP 200 as delivered: 204 is retried', async () => {
    receiver.responder = (_request, index) => (index === 0 ? 204 : 200);

    const { body } = await deliverText();

    expect(body.delivery.attempts.map((attempt) => attempt.statusCode)).toEqual([204, 200]);
  });

  it('gives up after WEBHOOK_MAX_ATTEMPTS failed attempts', async () => {
    receiver.responder = () => 503;

    const { body } = await deliverText();

    expect(body.delivery.state).toBe('failed');
    expect(body.delivery.attempts).toHaveLength(4);
    expect(receiver.received).toHaveLength(4);
  });

  it('records a refused connection as a failed attempt', async () => {
    const { body } = await deliverText({ url: 'http://127.0.0.1:1/webhooks', maxAttempts: 2 });

    expect(body.delivery.state).toBe('failed');
    expect(body.delivery.attempts[0].error).toBeDefined();
  });

  it('sends raw bytes unchanged with a valid, a wrong or no signature', async () => {
    const raw = '{"object":"whatsapp_business_account",  "entry":[]}';
    const send = (signature: string) =>
      sut.control('POST', 'webhooks/raw', { body: raw, signature, waitFor: 'final' });

    await send('valid');
    await send('invalid');
    await send('none');
    const [valid, invalid, none] = await receiver.waitFor(3);

    expect(valid.body.toString('utf8')).toBe(raw);
    expect(valid.headers['x-hub-signature-256']).toBe(`sha256=${hexHmac(Buffer.from(raw))}`);
    expect(invalid.headers['x-hub-signature-256']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(invalid.headers['x-hub-signature-256']).not.toBe(valid.headers['x-hub-signature-256']);
    expect(none.headers['x-hub-signature-256']).toBeUndefined();
  });

  it('sends base64 bytes and an explicit signature header verbatim', async () => {
    const bytes = Buffer.from([0x7b, 0x7d, 0x0a, 0xff]);

    await sut.control('POST', 'webhooks/raw', {
      bodyBase64: bytes.toString('base64'),
      signatureHeader: 'sha256=not-hex',
      waitFor: 'final',
    });
    const [request] = await receiver.waitFor(1);

    expect(request.body).toEqual(bytes);
    expect(request.headers['x-hub-signature-256']).toBe('sha256=not-hex');
  });

  it("uses a phone number's own webhook URL and app secret", async () => {
    const tenantReceiver = await WebhookReceiver.start();
    try {
      await sut.control('POST', 'phone-numbers', {
        phoneNumberId: '333333333333333',
        webhookUrl: tenantReceiver.url,
        appSecret: 'tenant-app-secret',
      });

      await deliverText({ phoneNumberId: '333333333333333' });
      const [request] = await tenantReceiver.waitFor(1);

      expect(request.headers['x-hub-signature-256']).toBe(
        `sha256=${hexHmac(request.body, 'tenant-app-secret')}`,
      );
      expect(receiver.received).toHaveLength(0);
    } finally {
      await tenantReceiver.close();
    }
  });

  it('keeps only MAX_RECORDED_DELIVERIES deliveries', async () => {
    for (let i = 0; i < 5; i += 1) await deliverText();

    const { body } = await sut.control<{ items: DeliveryRecord[]; dropped: number }>('GET', 'deliveries');

    expect(body.items).toHaveLength(3);
    expect(body.dropped).toBe(2);
  });

  it('abandons the oldest pending delivery beyond WEBHOOK_MAX_PENDING', async () => {
    await sut.control('PUT', 'webhooks/settings', { initialDelayMs: 60_000, maxDelayMs: 60_000 });
    receiver.responder = () => 500;

    const first = await deliverText({ waitFor: 'first-attempt' });
    await deliverText({ waitFor: 'first-attempt' });
    await deliverText({ waitFor: 'first-attempt' });
    const state = await sut.control<{ deliveries: { pending: number } }>('GET', 'state');
    const oldest = await sut.control<DeliveryRecord>('GET', `deliveries/${first.body.delivery.id}`);

    expect(state.body.deliveries.pending).toBe(2);
    expect(oldest.body.state).toBe('abandoned');
  });

  describe('redelivery', () => {
    let duplicates: SimulatorHarness;

    beforeAll(async () => {
      duplicates = await SimulatorHarness.start({ APP_SECRET, WEBHOOK_URL: receiver.url });
    });

    afterAll(() => duplicates.close());

    it('sends the exact bytes and signature of a delivery again, three times at once', async () => {
      const original = await duplicates.control<{ delivery: DeliveryRecord }>('POST', 'webhooks/raw', {
        bodyBase64: Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]).toString('base64'),
        waitFor: 'final',
      });

      const { body } = await duplicates.control<{ deliveries: DeliveryRecord[] }>(
        'POST',
        `deliveries/${original.body.delivery.id}/redeliver`,
        { count: 3, waitFor: 'final' },
      );
      const requests = await receiver.waitFor(4);

      expect(body.deliveries.map((delivery) => delivery.state)).toEqual([
        'delivered',
        'delivered',
        'delivered',
      ]);
      expect(body.deliveries.map((delivery) => delivery.redeliveryOf)).toEqual(
        Array(3).fill(original.body.delivery.id),
      );
      expect(new Set(body.deliveries.map((delivery) => delivery.id)).size).toBe(3);
      for (const copy of requests.slice(1)) {
        expect(copy.body).toEqual(requests[0].body);
        expect(copy.headers['x-hub-signature-256']).toBe(requests[0].headers['x-hub-signature-256']);
      }
    });

    it('redelivers an inbound message webhook with the same message id', async () => {
      const original = await duplicates.control<{ delivery: DeliveryRecord }>('POST', 'webhooks/inbound', {
        messages: [{ type: 'text', body: 'once is not enough' }],
        waitFor: 'final',
      });

      await duplicates.control('POST', `deliveries/${original.body.delivery.id}/redeliver`, {
        waitFor: 'final',
      });
      const [first, second] = await receiver.waitFor(2);
      const listed = await duplicates.control<{ items: DeliveryRecord[] }>(
        'GET',
        `deliveries?id=${original.body.delivery.ids[0]}`,
      );

      expect(second.body).toEqual(first.body);
      expect(listed.body.items).toHaveLength(2);
    });

    it('answers 404 for an unknown delivery and 400 for a count over 100', async () => {
      const unknown = await duplicates.control('POST', 'deliveries/dlv_nope/redeliver', {});
      const tooMany = await duplicates.control('POST', 'deliveries/dlv_nope/redeliver', { count: 101 });

      expect(unknown.status).toBe(404);
      expect(tooMany.status).toBe(400);
    });
  });

  describe('verification handshake', () => {
    beforeEach(() => {
      receiver.responder = (request) => {
        const query = new URL(request.url, 'http://localhost').searchParams;
        const accepted =
          query.get('hub.mode') === 'subscribe' && query.get('hub.verify_token') === 'sandbox-verify-token';
        return accepted ? { status: 200, body: query.get('hub.challenge') ?? '' } : 401;
      };
    });

    it('sends hub.mode, hub.challenge and hub.verify_token and reports the echoed challenge', async () => {
      const { body } = await sut.control<{ challengeEchoed: boolean; statusCode: number; challenge: string }>(
        'POST',
        'webhooks/verify',
        {},
      );
      const [request] = await receiver.waitFor(1);

      expect(request.method).toBe('GET');
      expect(new URL(request.url, 'http://localhost').searchParams.get('hub.challenge')).toBe(body.challenge);
      expect(body).toMatchObject({ challengeEchoed: true, statusCode: 200 });
    });

    it('reports a refused handshake when the verify token is wrong', async () => {
      const { body } = await sut.control<{ challengeEchoed: boolean; statusCode: number }>(
        'POST',
        'webhooks/verify',
        {
          verifyToken: 'wrong-token',
        },
      );

      expect(body).toMatchObject({ challengeEchoed: false, statusCode: 401 });
    });
  });
});
