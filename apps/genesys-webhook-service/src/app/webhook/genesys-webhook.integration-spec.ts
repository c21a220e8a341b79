import { signGenesysWebhook, signMetaWebhook } from '@switchboard/backend-util-signatures';
import {
  genesysOutboundEventSchema,
  MESSAGE_HEADERS,
  PIPELINE_MESSAGE_TYPES,
} from '@switchboard/shared-contracts';
import { outboundBody, receiptBody, SAMPLE_CUSTOMER_ID, structuredBody } from '../../testing/samples.util';
import { WebhookServiceHarness, type TestIntegration } from '../../testing/webhook-service-harness.util';
import { PUBLISHED_MARKER } from '../dedupe/webhook-claims.store';

// Personal data and content of the samples that must never reach a log line.
const PERSONAL_DATA = [SAMPLE_CUSTOMER_ID, 'Hello Jane, this is Alex from support.', 'Here is your receipt'];

describe('genesys-webhook-service (real RabbitMQ and Redis, fake tenant-service)', () => {
  let harness: WebhookServiceHarness;
  let integration: TestIntegration;

  beforeAll(async () => {
    harness = await WebhookServiceHarness.start('genesys-webhook');
    integration = harness.integration();
  });

  afterEach(async () => {
    harness.tenants.down = false;
    await harness.drain();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const text = () => outboundBody('genesys-outbound-text.json', integration.integrationId);

  describe('publishing', () => {
    it('publishes a signed text message to genesys.outbound.raw under the integration’s tenant', async () => {
      const body = text();

      const response = await harness.post(integration, body);

      expect(response.status).toBe(200);
      expect(JSON.parse(response.text)).toEqual({ result: 'published', kind: 'message' });
      const [received, ...more] = await harness.drain();
      expect(more).toEqual([]);
      expect(received!.envelope).toMatchObject({
        tenantId: integration.tenantId,
        type: PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_MESSAGE,
        correlationId: response.headers.get('x-correlation-id'),
        occurredAt: body.channel.time,
        attempt: 0,
      });
      expect(genesysOutboundEventSchema.parse(received!.envelope.payload)).toEqual({
        kind: 'message',
        integrationId: integration.integrationId,
        genesysMessageId: body.id,
        customerId: SAMPLE_CUSTOMER_ID,
        conversationId: body['conversationId'],
        receivedAt: expect.any(String),
        webhook: body,
      });
      expect(received!.headers[MESSAGE_HEADERS.TENANT_ID]).toBe(integration.tenantId);
      expect(received!.message.properties.deliveryMode).toBe(2);
      expect(await harness.claim(integration, body.id)).toBe(PUBLISHED_MARKER);
    });

    it('asks tenant-service for the secret with a service token', () => {
      const [lookup] = harness.tenants.lookups;

      expect(lookup).toMatchObject({ integrationId: integration.integrationId });
      expect(lookup!.headers.authorization).toBe(`Bearer ${harness.tenants.serviceToken}`);
    });

    it.each([
      [
        'an attachment message',
        'message',
        PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_MESSAGE,
        () => outboundBody('genesys-outbound-attachment.json', integration.integrationId),
      ],
      [
        'a Structured message',
        'message',
        PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_MESSAGE,
        () => structuredBody(integration.integrationId),
      ],
      [
        'a typing event',
        'typing',
        PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_TYPING,
        () => outboundBody('genesys-outbound-typing-event.json', integration.integrationId),
      ],
      [
        'a receipt',
        'receipt',
        PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_RECEIPT,
        () => receiptBody('Delivered', integration.integrationId),
      ],
    ])('publishes %s as kind %s', async (_label, kind, type, body) => {
      const response = await harness.post(integration, body());

      expect(response.status).toBe(200);
      const received = await harness.drain();
      expect(received.map(({ envelope }) => [envelope.type, envelope.payload.kind])).toEqual([[type, kind]]);
    });

    it('checks the signature of the raw bytes whatever the content type', async () => {
      const response = await harness.post(integration, text(), { contentType: 'text/plain' });

      expect(response.status).toBe(200);
      expect(await harness.drain()).toHaveLength(1);
    });
  });

  describe('refusals', () => {
    it.each([
      ['without a signature', () => null],
      [
        'with a hex signature (Meta’s encoding)',
        (bytes: Buffer) => signMetaWebhook(bytes, integration.secret),
      ],
      [
        'signed with another secret',
        (bytes: Buffer) => signGenesysWebhook(bytes, 'not-the-integration-secret'),
      ],
    ])('refuses a POST %s with 401 and publishes nothing', async (_label, sign) => {
      const bytes = Buffer.from(JSON.stringify(text()));

      const response = await harness.post(integration, bytes, { signature: sign(bytes) });

      expect(response.status).toBe(401);
      expect(JSON.parse(response.text)).toMatchObject({ statusCode: 401 });
      expect(await harness.messageCount()).toBe(0);
    });

    it('refuses an unknown integration with the same 401 as a wrong signature', async () => {
      const unknown = { integrationId: '00000000-0000-4000-8000-000000000000', secret: integration.secret };
      const bytes = Buffer.from(JSON.stringify(text()));

      const unknownAnswer = await harness.post(unknown, bytes);
      const wrongAnswer = await harness.post(integration, bytes, {
        signature: signGenesysWebhook(bytes, 'x'.repeat(20)),
      });

      expect([unknownAnswer.status, wrongAnswer.status]).toEqual([401, 401]);
      expect(JSON.parse(unknownAnswer.text).message).toBe(JSON.parse(wrongAnswer.text).message);
      expect(await harness.messageCount()).toBe(0);
    });

    it('refuses signed malformed JSON with 400 and its reason', async () => {
      const response = await harness.post(integration, '{"id":"abc","channel":');

      expect(response.status).toBe(400);
      expect(JSON.parse(response.text)).toMatchObject({ message: 'the body is not valid JSON' });
      expect(await harness.messageCount()).toBe(0);
    });

    it('answers 503 with Retry-After, publishing nothing, while tenant-service is down', async () => {
      harness.tenants.down = true;
      const newcomer = harness.integration();

      const response = await harness.post(
        newcomer,
        outboundBody('genesys-outbound-text.json', newcomer.integrationId),
      );

      expect(response.status).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await harness.messageCount()).toBe(0);
    });

    it('refuses a body over MAX_BODY_BYTES with 413', async () => {
      const response = await harness.post(integration, Buffer.alloc(harness.config.MAX_BODY_BYTES + 1, 'a'));

      expect(response.status).toBe(413);
    });

    it('answers only POST on the webhook URL', async () => {
      const response = await harness.request('GET', `/webhooks/genesys/${integration.integrationId}`);

      expect(response.status).toBe(404);
    });
  });

  describe('echoes and unusable bodies', () => {
    it('answers an Inbound echo 200 and publishes nothing', async () => {
      const body = text();
      body.direction = 'Inbound';

      const response = await harness.post(integration, body);

      expect(response.status).toBe(200);
      expect(JSON.parse(response.text)).toEqual({ result: 'echo' });
      expect(await harness.messageCount()).toBe(0);
    });

    it('answers a message from another sender 200 and publishes nothing', async () => {
      const body = text();
      body.channel.from = { id: SAMPLE_CUSTOMER_ID, idType: 'Opaque' };

      const response = await harness.post(integration, body);

      expect(JSON.parse(response.text)).toEqual({ result: 'echo' });
      expect(await harness.messageCount()).toBe(0);
    });

    it('answers a well-signed body of an unknown type 200 with the reason, and publishes nothing', async () => {
      const body = text();
      body.type = 'Carousel';

      const response = await harness.post(integration, body);

      expect(response.status).toBe(200);
      expect(JSON.parse(response.text)).toEqual({
        result: 'ignored',
        reason: 'type is not Text, Structured, Receipt or Event',
      });
      expect(await harness.messageCount()).toBe(0);
    });
  });

  describe('duplicates', () => {
    it('publishes a message redelivered 3 times once, answering every redelivery 200', async () => {
      const bytes = Buffer.from(JSON.stringify(text()));

      const statuses = [];
      for (let attempt = 0; attempt < 4; attempt++)
        statuses.push((await harness.post(integration, bytes)).status);

      expect(statuses).toEqual([200, 200, 200, 200]);
      expect(await harness.drain()).toHaveLength(1);
    });

    it('publishes a message POSTed 3 times at once once; a copy caught mid-publish is asked to retry', async () => {
      const bytes = Buffer.from(JSON.stringify(text()));

      const concurrent = await Promise.all([1, 2, 3].map(() => harness.post(integration, bytes)));
      const retried = await Promise.all(
        concurrent.filter((response) => response.status === 503).map(() => harness.post(integration, bytes)),
      );

      const outcomes = concurrent.map((response) =>
        response.status === 200 ? JSON.parse(response.text).result : response.status,
      );
      expect(outcomes.filter((outcome) => outcome === 'published')).toHaveLength(1);
      expect(outcomes.every((outcome) => ['published', 'duplicate', 503].includes(outcome))).toBe(true);
      expect(retried.map((response) => JSON.parse(response.text).result)).toEqual(
        retried.map(() => 'duplicate'),
      );
      expect(await harness.drain()).toHaveLength(1);
    });

    it('publishes each receipt status of one message once', async () => {
      const id = 'ab'.repeat(16);
      for (const status of ['Delivered', 'Delivered', 'Read', 'Read']) {
        await harness.post(integration, receiptBody(status, integration.integrationId, id));
      }

      const received = await harness.drain();
      expect(received.map(({ envelope }) => (envelope.payload.webhook as { status: string }).status)).toEqual(
        ['Delivered', 'Read'],
      );
    });

    it('keeps the same message id of two integrations apart', async () => {
      const other = harness.integration();
      const id = 'cd'.repeat(16);

      await harness.post(
        integration,
        outboundBody('genesys-outbound-text.json', integration.integrationId, id),
      );
      await harness.post(other, outboundBody('genesys-outbound-text.json', other.integrationId, id));

      const received = await harness.drain();
      expect(received.map(({ envelope }) => envelope.tenantId)).toEqual([
        integration.tenantId,
        other.tenantId,
      ]);
    });
  });

  describe('secrets', () => {
    it('picks up a rotated secret on the first webhook signed with it', async () => {
      const rotating = harness.integration();
      await harness.post(rotating, outboundBody('genesys-outbound-text.json', rotating.integrationId));
      const rotated = { ...rotating, secret: 'a-freshly-rotated-webhook-secret' };
      harness.tenants.integrations.set(rotating.integrationId, {
        tenantId: rotating.tenantId,
        secret: rotated.secret,
      });

      const withNew = await harness.post(
        rotated,
        outboundBody('genesys-outbound-text.json', rotating.integrationId),
      );
      const withOld = await harness.post(
        rotating,
        outboundBody('genesys-outbound-text.json', rotating.integrationId),
      );

      expect([withNew.status, withOld.status]).toEqual([200, 401]);
      expect(await harness.drain()).toHaveLength(2);
    });

    it('reuses a cached secret instead of asking tenant-service per webhook', async () => {
      const cached = harness.integration();
      for (let index = 0; index < 3; index++) {
        await harness.post(cached, outboundBody('genesys-outbound-text.json', cached.integrationId));
      }

      expect(harness.tenants.lookupsOf(cached.integrationId)).toBe(1);
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

      for (const outcome of [
        'ok',
        'duplicate',
        'echo',
        'unusable',
        'bad_signature',
        'unknown_integration',
        'bad_json',
        'unavailable',
        'too_large',
      ]) {
        expect(metrics).toMatch(
          new RegExp(`switchboard_genesys_webhook_requests_total\\{outcome="${outcome}"\\} [1-9]`),
        );
      }
      expect(metrics).toMatch(/switchboard_genesys_webhook_published_total\{kind="message"\} [1-9]/);
      expect(metrics).toMatch(/switchboard_genesys_webhook_published_total\{kind="typing"\} 1/);
      expect(metrics).toMatch(/switchboard_genesys_webhook_published_total\{kind="receipt"\} [1-9]/);
      expect(metrics).toMatch(/switchboard_genesys_webhook_ack_duration_seconds_count\{outcome="ok"\} [1-9]/);
    });

    it('never logs a secret, a signature or the personal data of a body', () => {
      const logs = harness.logs.text();

      expect(logs).toContain('published message');
      for (const value of [...harness.secrets, ...PERSONAL_DATA]) expect(logs).not.toContain(value);
      expect(logs).not.toMatch(/sha256=[A-Za-z0-9+/]{43}=/);
    });
  });
});
