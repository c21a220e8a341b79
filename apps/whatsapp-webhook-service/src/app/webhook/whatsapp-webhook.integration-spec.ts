import { signMetaWebhook } from '@switchboard/backend-util-signatures';
import {
  MESSAGE_HEADERS,
  PIPELINE_MESSAGE_TYPES,
  QUEUES,
  ROUTING_KEYS,
  UNROUTABLE_TENANT_ID,
  whatsAppInboundEventSchema,
  type WhatsAppInboundEvent,
} from '@switchboard/shared-contracts';
import { TEST_PHONE_NUMBER_ID, tenantLookup } from '../../testing/fake-tenant-directory.util';
import {
  combineSamples,
  loadSample,
  readSampleBytes,
  sampleItems,
  WEBHOOK_SAMPLE_FILES,
} from '../../testing/samples.util';
import { WEBHOOK_PATH, WebhookServiceHarness } from '../../testing/webhook-service-harness.util';
import { UNROUTABLE_REASON_HEADER } from './webhook.constants';

const UNKNOWN_PHONE_NUMBER_ID = '999000111222333';
// Personal data in the samples that must never reach a log line.
const PERSONAL_DATA = ['Hi, I need help with my order', 'Jane Example', '15551234567'];

const json = (value: unknown) => JSON.stringify(value);

describe('whatsapp-webhook-service (real RabbitMQ, fake tenant-service)', () => {
  let harness: WebhookServiceHarness;
  let rawQueue: string;
  const tenant = tenantLookup();

  beforeAll(async () => {
    harness = await WebhookServiceHarness.start('wa-webhook');
    harness.tenants.numbers.set(TEST_PHONE_NUMBER_ID, tenant);
    rawQueue = await harness.bindTestQueue(ROUTING_KEYS.WHATSAPP_INBOUND_RAW);
  });

  afterEach(async () => {
    harness.tenants.down = false;
    await harness.drain(rawQueue);
    await harness.drain(QUEUES.INBOUND_UNROUTABLE);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  describe('GET verification handshake', () => {
    const verify = (token: string, challenge = '1158201444', mode = 'subscribe') =>
      harness.request(
        'GET',
        `${WEBHOOK_PATH}?hub.mode=${mode}&hub.challenge=${encodeURIComponent(challenge)}&hub.verify_token=${encodeURIComponent(token)}`,
      );

    it('answers the challenge as plain text when the verify token matches', async () => {
      const response = await verify(harness.config.WHATSAPP_VERIFY_TOKEN);

      expect(response.status).toBe(200);
      expect(response.text).toBe('1158201444');
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    });

    it('refuses a wrong verify token or mode with 403 and a reason', async () => {
      const wrongToken = await verify('not-the-token');
      const wrongMode = await verify(harness.config.WHATSAPP_VERIFY_TOKEN, '1', 'unsubscribe');

      expect([wrongToken.status, wrongMode.status]).toEqual([403, 403]);
      expect(JSON.parse(wrongToken.text)).toMatchObject({ message: 'hub.verify_token does not match' });
      expect(wrongToken.text).not.toContain('1158201444');
    });

    it('never reflects a challenge that is not digits', async () => {
      const response = await verify(harness.config.WHATSAPP_VERIFY_TOKEN, '<script>alert(1)</script>');

      expect(response.status).toBe(400);
      expect(response.text).not.toContain('<script>');
    });
  });

  describe('POST events', () => {
    it('publishes a signed sample to whatsapp.inbound.raw under the number’s tenant', async () => {
      const body = readSampleBytes('wa-inbound-text.json');

      const response = await harness.post(body, {});

      expect(response.status).toBe(200);
      const [received, ...more] = await harness.drain(rawQueue);
      expect(more).toEqual([]);
      expect(received!.envelope).toMatchObject({
        tenantId: tenant.tenantId,
        type: PIPELINE_MESSAGE_TYPES.WHATSAPP_MESSAGE,
        correlationId: response.headers.get('x-correlation-id'),
        occurredAt: '2026-01-01T00:00:00.000Z',
        attempt: 0,
      });
      const payload = whatsAppInboundEventSchema.parse(received!.envelope.payload);
      const sample = loadSample('wa-inbound-text.json');
      expect(payload).toMatchObject({
        kind: 'message',
        phoneNumberId: TEST_PHONE_NUMBER_ID,
        displayPhoneNumber: '15550100200',
        wabaId: '100200300400500',
        customerWaId: '15551234567',
        contact: sample.entry[0]!.changes[0]!.value.contacts![0],
        batchIndex: 0,
        item: sampleItems(sample)[0],
      });
      expect(received!.headers[MESSAGE_HEADERS.TENANT_ID]).toBe(tenant.tenantId);
      expect(received!.message.properties.deliveryMode).toBe(2);
    });

    it('asks tenant-service with a service token', async () => {
      const [call] = harness.tenants.lookups;

      expect(call).toMatchObject({ phoneNumberId: TEST_PHONE_NUMBER_ID });
      expect(call!.headers.authorization).toBe(`Bearer ${harness.tenants.serviceToken}`);
    });

    it('publishes one envelope per item of every sample', async () => {
      for (const fileName of WEBHOOK_SAMPLE_FILES) {
        const response = await harness.post(readSampleBytes(fileName));
        expect({ fileName, status: response.status }).toEqual({ fileName, status: 200 });
      }

      const received = await harness.drain(rawQueue);
      expect(received.map(({ envelope }) => (envelope.payload as WhatsAppInboundEvent).item)).toEqual(
        WEBHOOK_SAMPLE_FILES.map((fileName) => sampleItems(loadSample(fileName))[0]),
      );
      expect(
        received.every(({ envelope }) => whatsAppInboundEventSchema.safeParse(envelope.payload).success),
      ).toBe(true);
    });

    it('publishes a batch of 3 items as 3 envelopes in batch order', async () => {
      const body = combineSamples([
        'wa-inbound-text.json',
        'wa-status-delivered.json',
        'wa-inbound-image.json',
      ]);

      const response = await harness.post(json(body));

      expect(response.status).toBe(200);
      expect(JSON.parse(response.text)).toEqual({ published: 3, parked: 0 });
      const received = await harness.drain(rawQueue);
      expect(
        received.map(({ envelope }) => [
          envelope.type,
          (envelope.payload as WhatsAppInboundEvent).batchIndex,
          ((envelope.payload as WhatsAppInboundEvent).item as { id: string }).id,
        ]),
      ).toEqual([
        [PIPELINE_MESSAGE_TYPES.WHATSAPP_MESSAGE, 0, 'wamid.FAKEIN0001'],
        [PIPELINE_MESSAGE_TYPES.WHATSAPP_STATUS, 1, 'wamid.FAKEOUT0006'],
        [PIPELINE_MESSAGE_TYPES.WHATSAPP_MESSAGE, 2, 'wamid.FAKEIN0002'],
      ]);
      expect(new Set(received.map(({ envelope }) => envelope.correlationId)).size).toBe(1);
    });

    it.each([
      ['without a signature', null],
      ['with a wrong signature', 'sha256=' + '0'.repeat(64)],
      [
        'signed with another app secret',
        signMetaWebhook(readSampleBytes('wa-inbound-text.json'), 'another-secret'),
      ],
    ])('refuses a POST %s with 401 and publishes nothing', async (_label, signature) => {
      const refused = await harness.post(readSampleBytes('wa-inbound-text.json'), { signature });
      // A valid POST after it: the queue then holds exactly that one, so the refused one left nothing.
      const accepted = await harness.post(readSampleBytes('wa-inbound-reaction.json'));

      expect([refused.status, accepted.status]).toEqual([401, 200]);
      expect(JSON.parse(refused.text)).toMatchObject({ statusCode: 401 });
      const received = await harness.drain(rawQueue);
      expect(received.map(({ envelope }) => (envelope.payload as { item: { id: string } }).item.id)).toEqual([
        'wamid.FAKEIN0012',
      ]);
    });

    it('refuses signed malformed JSON with 400 and its reason', async () => {
      const response = await harness.post('{"object":"whatsapp_business_account","entry":[');

      expect(response.status).toBe(400);
      expect(JSON.parse(response.text)).toMatchObject({ message: 'the body is not valid JSON' });
      expect(await harness.messageCount(rawQueue)).toBe(0);
    });

    it('refuses a signed body that is not a WhatsApp webhook with 400 and its reason', async () => {
      const response = await harness.post(json({ object: 'instagram', entry: [] }));

      expect(response.status).toBe(400);
      expect(JSON.parse(response.text)).toMatchObject({
        message: 'object must be "whatsapp_business_account"',
      });
    });

    it('checks the signature of the raw bytes whatever the content type', async () => {
      const response = await harness.post(readSampleBytes('wa-status-read.json'), {
        contentType: 'text/plain',
      });

      expect(response.status).toBe(200);
      expect(await harness.drain(rawQueue)).toHaveLength(1);
    });

    it('refuses a body over MAX_BODY_BYTES with 413', async () => {
      const body = Buffer.alloc(harness.config.MAX_BODY_BYTES + 1, 'a');

      const response = await harness.post(body);

      expect(response.status).toBe(413);
      expect(JSON.parse(response.text)).toMatchObject({ statusCode: 413 });
    });

    it('parks an unknown number’s items in the unroutable queue with the reason, and answers 200', async () => {
      const body = loadSample('wa-inbound-text.json');
      body.entry[0]!.changes[0]!.value.metadata.phone_number_id = UNKNOWN_PHONE_NUMBER_ID;

      const response = await harness.post(json(body));

      expect(response.status).toBe(200);
      expect(JSON.parse(response.text)).toEqual({ published: 0, parked: 1 });
      expect(await harness.messageCount(rawQueue)).toBe(0);
      const [parked, ...more] = await harness.drain(QUEUES.INBOUND_UNROUTABLE);
      expect(more).toEqual([]);
      expect(parked!.headers[UNROUTABLE_REASON_HEADER]).toBe('unknown_phone_number');
      expect(parked!.envelope).toMatchObject({
        tenantId: UNROUTABLE_TENANT_ID,
        type: PIPELINE_MESSAGE_TYPES.WHATSAPP_MESSAGE,
        payload: { phoneNumberId: UNKNOWN_PHONE_NUMBER_ID, item: sampleItems(body)[0] },
      });
    });

    it('answers 503 with Retry-After when tenant-service is down, and publishes nothing', async () => {
      harness.tenants.down = true;
      const body = loadSample('wa-inbound-text.json');
      body.entry[0]!.changes[0]!.value.metadata.phone_number_id = '444000111222333';

      const response = await harness.post(json(body));

      expect(response.status).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await harness.messageCount(rawQueue)).toBe(0);
      expect(await harness.messageCount(QUEUES.INBOUND_UNROUTABLE)).toBe(0);
    });
  });

  describe('operations', () => {
    it('is ready while RabbitMQ is connected', async () => {
      const response = await harness.request('GET', '/health/ready');

      expect(response.status).toBe(200);
      expect(JSON.parse(response.text)).toMatchObject({ info: { rabbitmq: { status: 'up' } } });
    });

    it('exposes its webhook metrics', async () => {
      const metrics = (await harness.request('GET', '/metrics')).text;

      expect(metrics).toMatch(/switchboard_whatsapp_webhook_requests_total\{outcome="ok"\} [1-9]/);
      expect(metrics).toMatch(/switchboard_whatsapp_webhook_requests_total\{outcome="bad_signature"\} 3/);
      expect(metrics).toMatch(/switchboard_whatsapp_webhook_requests_total\{outcome="unavailable"\} 1/);
      expect(metrics).toMatch(/switchboard_whatsapp_webhook_requests_total\{outcome="too_large"\} 1/);
      expect(metrics).toMatch(/switchboard_whatsapp_webhook_items_published_total\{kind="status"\} [1-9]/);
      expect(metrics).toMatch(
        /switchboard_whatsapp_webhook_unroutable_total\{reason="unknown_phone_number"\} 1/,
      );
      expect(metrics).toMatch(
        /switchboard_whatsapp_webhook_ack_duration_seconds_count\{outcome="ok"\} [1-9]/,
      );
    });

    it('never logs a secret or the personal data of a body', () => {
      const logs = harness.logs.text();

      expect(logs).toContain('webhook accepted');
      for (const value of [...harness.secrets, ...PERSONAL_DATA]) expect(logs).not.toContain(value);
    });
  });
});
