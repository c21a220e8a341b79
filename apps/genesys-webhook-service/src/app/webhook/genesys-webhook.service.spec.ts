import { Logger } from '@nestjs/common';
import { runWithContext } from '@switchboard/backend-util-observability';
import { signGenesysWebhook, signMetaWebhook } from '@switchboard/backend-util-signatures';
import {
  genesysOutboundEventSchema,
  PIPELINE_MESSAGE_TYPES,
  ROUTING_KEYS,
} from '@switchboard/shared-contracts';
import { createHmac } from 'node:crypto';
import { FakeWebhookSecrets } from '../../testing/fake-webhook-secrets.util';
import { MemoryClaims } from '../../testing/memory-claims.util';
import { RecordingPublisher } from '@switchboard/backend-testing-platform';
import {
  loadSample,
  outboundBody,
  readSampleBytes,
  receiptBody,
  SAMPLE_CONVERSATION_ID,
  SAMPLE_CUSTOMER_ID,
  SAMPLE_INTEGRATION_ID,
  structuredBody,
} from '../../testing/samples.util';
import { createTestMetrics } from '../../testing/test-metrics.util';
import { GenesysWebhookService, SIGNATURE_MISMATCH, SIGNATURE_MISSING } from './genesys-webhook.service';
import { OutboundEventsPublisher } from './outbound-events.publisher';
import { WEBHOOK_METRICS } from './webhook.metrics';

const INTEGRATION = SAMPLE_INTEGRATION_ID;
const TENANT = 'tenant-a';
const SECRET = 'integration-webhook-secret';
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

function setup() {
  const secrets = new FakeWebhookSecrets();
  secrets.integrations.set(INTEGRATION, { tenantId: TENANT, secret: SECRET });
  const claims = new MemoryClaims();
  const publisher = new RecordingPublisher();
  const { metrics, value } = createTestMetrics();
  const sut = new GenesysWebhookService(
    secrets.client,
    claims,
    new OutboundEventsPublisher(publisher),
    metrics,
  );
  /** Signed with the integration's secret unless a signature (or its absence) is given. */
  const receive = (body: Buffer | string | object, ...signature: [string | undefined] | []) => {
    const bytes = Buffer.isBuffer(body)
      ? body
      : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    return sut.receive(
      INTEGRATION,
      bytes,
      signature.length === 0 ? signGenesysWebhook(bytes, SECRET) : signature[0],
    );
  };
  return { sut, secrets, claims, publisher, metric: value, receive };
}

describe(GenesysWebhookService.name, () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(true));

  describe('signature', () => {
    it('accepts a body signed with the integration’s secret (base64 HMAC-SHA256)', async () => {
      const { receive } = setup();

      await expect(receive(readSampleBytes('genesys-outbound-text.json'))).resolves.toMatchObject({
        outcome: 'ok',
      });
    });

    const body = readSampleBytes('genesys-outbound-text.json');
    it.each([
      ['hex-encoded (Meta’s encoding)', signMetaWebhook(body, SECRET)],
      ['without its sha256= prefix', createHmac('sha256', SECRET).update(body).digest('base64')],
      ['prefixed sha1=', `sha1=${createHmac('sha256', SECRET).update(body).digest('base64')}`],
      ['empty', ''],
      ['not base64', 'sha256=!!!'],
    ])('refuses a signature that is %s, without asking tenant-service', async (_label, signature) => {
      const { receive, secrets, publisher } = setup();

      await expect(receive(body, signature)).resolves.toEqual({
        outcome: 'bad_signature',
        reason: SIGNATURE_MISMATCH,
      });
      expect(secrets.lookups).toEqual([]);
      expect(publisher.published).toEqual([]);
    });

    it('refuses a POST without a signature, saying so, without asking tenant-service', async () => {
      const { receive, secrets } = setup();

      await expect(receive(body, undefined)).resolves.toEqual({
        outcome: 'bad_signature',
        reason: SIGNATURE_MISSING,
      });
      expect(secrets.lookups).toEqual([]);
    });

    it('refuses a body signed with another secret', async () => {
      const { receive, publisher } = setup();

      const result = await receive(body, signGenesysWebhook(body, 'another-integration-secret'));

      expect(result).toEqual({ outcome: 'bad_signature', reason: SIGNATURE_MISMATCH });
      expect(publisher.published).toEqual([]);
    });

    it('refuses a body changed after signing', async () => {
      const { receive, publisher } = setup();
      const signature = signGenesysWebhook(body, SECRET);
      const tampered = Buffer.from(body.toString('utf8').replace('Hello Jane', 'Hello John'));

      await expect(receive(tampered, signature)).resolves.toMatchObject({ outcome: 'bad_signature' });
      expect(publisher.published).toEqual([]);
    });

    it('verifies the raw bytes, not a re-serialisation of them', async () => {
      const { receive } = setup();
      const spaced = Buffer.from(JSON.stringify(loadSample('genesys-outbound-text.json'), null, 3));

      await expect(receive(spaced)).resolves.toMatchObject({ outcome: 'ok' });
      await expect(
        receive(spaced, signGenesysWebhook(JSON.stringify(JSON.parse(spaced.toString())), SECRET)),
      ).resolves.toMatchObject({ outcome: 'bad_signature' });
    });

    it('checks the signature before parsing: a forged malformed body is a 401 matter, not a 400 one', async () => {
      const { receive } = setup();

      await expect(receive('{not json', `sha256=${'A'.repeat(43)}=`)).resolves.toMatchObject({
        outcome: 'bad_signature',
      });
    });

    it('refuses an unknown integration exactly as a wrong signature (not revealing which)', async () => {
      const { sut, secrets } = setup();
      const signature = signGenesysWebhook(body, SECRET);

      const unknown = await sut.receive('0e8d5c1b-0000-4000-8000-000000000000', body, signature);
      const notAnId = await sut.receive('../../admin', body, signature);

      expect(unknown).toEqual({ outcome: 'unknown_integration', reason: SIGNATURE_MISMATCH });
      expect(notAnId).toEqual({ outcome: 'unknown_integration', reason: SIGNATURE_MISMATCH });
      expect(secrets.lookups).toEqual(['0e8d5c1b-0000-4000-8000-000000000000']);
    });

    it('picks up a rotated secret: fetches it again once before refusing', async () => {
      const { receive, secrets, publisher } = setup();
      await receive(outboundBody('genesys-outbound-text.json'));
      secrets.integrations.set(INTEGRATION, { tenantId: TENANT, secret: 'rotated-webhook-secret' });
      const bytes = Buffer.from(JSON.stringify(outboundBody('genesys-outbound-text.json')));

      const result = await receive(bytes, signGenesysWebhook(bytes, 'rotated-webhook-secret'));

      expect(result).toMatchObject({ outcome: 'ok' });
      expect(secrets.lookups).toEqual([INTEGRATION, INTEGRATION]);
      expect(publisher.published).toHaveLength(2);
    });

    it('answers unavailable, publishing nothing, when tenant-service cannot answer', async () => {
      const { receive, secrets, publisher, metric } = setup();
      secrets.failing = true;

      await expect(receive(readSampleBytes('genesys-outbound-text.json'))).resolves.toMatchObject({
        outcome: 'unavailable',
      });
      expect(publisher.published).toEqual([]);
      expect(await metric(WEBHOOK_METRICS.REQUESTS, { outcome: 'unavailable' })).toBe(1);
    });
  });

  describe('body', () => {
    it('refuses signed malformed JSON with its reason, publishing nothing', async () => {
      const { receive, publisher } = setup();

      await expect(receive('{"id":')).resolves.toEqual({
        outcome: 'bad_json',
        reason: 'the body is not valid JSON',
      });
      expect(publisher.published).toEqual([]);
    });

    it('answers an echo ok without publishing it', async () => {
      const { receive, publisher, claims } = setup();
      const body = outboundBody('genesys-outbound-text.json');
      body.direction = 'Inbound';

      await expect(receive(body)).resolves.toEqual({ outcome: 'echo' });
      expect(publisher.published).toEqual([]);
      expect(claims.calls).toEqual([]);
    });

    it('answers a body that cannot be published ok (Genesys would retry in vain), with the reason', async () => {
      const { receive, publisher, metric } = setup();
      const body = outboundBody('genesys-outbound-text.json');
      body.type = 'Carousel';

      await expect(receive(body)).resolves.toEqual({
        outcome: 'unusable',
        reason: 'type is not Text, Structured, Receipt or Event',
      });
      expect(publisher.published).toEqual([]);
      expect(await metric(WEBHOOK_METRICS.REQUESTS, { outcome: 'unusable' })).toBe(1);
    });

    it('publishes a classifiable body that breaks the contract, and counts it', async () => {
      const { receive, publisher, metric } = setup();
      const body = outboundBody('genesys-outbound-text.json');
      body['originatingEntity'] = 'Robot';

      await expect(receive(body)).resolves.toMatchObject({ outcome: 'ok', valid: false });
      expect(publisher.published).toHaveLength(1);
      expect(await metric(WEBHOOK_METRICS.INVALID_PUBLISHED, { kind: 'message' })).toBe(1);
    });
  });

  describe('publishing', () => {
    it('publishes a message to genesys.outbound.raw under the integration’s tenant', async () => {
      const { receive, publisher } = setup();

      await receive(readSampleBytes('genesys-outbound-text.json'));

      expect(publisher.published).toHaveLength(1);
      const [{ routingKey, envelope }] = publisher.published as [(typeof publisher.published)[number]];
      expect(routingKey).toBe(ROUTING_KEYS.GENESYS_OUTBOUND_RAW);
      expect(envelope).toMatchObject({
        tenantId: TENANT,
        type: PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_MESSAGE,
        occurredAt: '2026-01-01T00:02:00.000Z',
        attempt: 0,
      });
      expect(genesysOutboundEventSchema.parse(envelope.payload)).toEqual({
        kind: 'message',
        integrationId: INTEGRATION,
        genesysMessageId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
        customerId: SAMPLE_CUSTOMER_ID,
        conversationId: SAMPLE_CONVERSATION_ID,
        receivedAt: expect.any(String),
        webhook: loadSample('genesys-outbound-text.json'),
      });
    });

    it.each([
      [
        'the attachment sample',
        'message',
        PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_MESSAGE,
        () => loadSample('genesys-outbound-attachment.json'),
      ],
      [
        'a Structured message',
        'message',
        PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_MESSAGE,
        () => structuredBody(),
      ],
      [
        'the typing-event sample',
        'typing',
        PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_TYPING,
        () => loadSample('genesys-outbound-typing-event.json'),
      ],
      [
        'a receipt',
        'receipt',
        PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_RECEIPT,
        () => receiptBody('Delivered'),
      ],
    ])('publishes %s as kind %s', async (_label, kind, type, body) => {
      const { receive, publisher, metric } = setup();

      await expect(receive(body())).resolves.toMatchObject({ outcome: 'ok', kind, valid: true });
      expect(
        publisher.published.map(({ envelope }) => [
          envelope.type,
          (envelope.payload as { kind: string }).kind,
        ]),
      ).toEqual([[type, kind]]);
      expect(genesysOutboundEventSchema.safeParse(publisher.published[0]!.envelope.payload).success).toBe(
        true,
      );
      expect(await metric(WEBHOOK_METRICS.PUBLISHED, { kind })).toBe(1);
    });

    it('carries the request’s correlation id and trace', async () => {
      const { receive, publisher } = setup();

      await runWithContext({ correlationId: 'corr-42', traceparent: TRACEPARENT }, () =>
        receive(readSampleBytes('genesys-outbound-typing-event.json')),
      );

      const [{ envelope }] = publisher.published as [(typeof publisher.published)[number]];
      expect(envelope.correlationId).toBe('corr-42');
      expect(envelope.traceparent.split('-')[1]).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    });

    it('answers unavailable when the broker does not confirm', async () => {
      const { receive, publisher, metric } = setup();
      publisher.refuse.add(0);

      await expect(receive(readSampleBytes('genesys-outbound-text.json'))).resolves.toMatchObject({
        outcome: 'unavailable',
      });
      expect(publisher.published).toEqual([]);
      expect(await metric(WEBHOOK_METRICS.PUBLISHED, { kind: 'message' })).toBe(0);
    });
  });

  describe('dedupe', () => {
    const key = (id: string, suffix = '') => `genesys-webhook:${TENANT}:${INTEGRATION}:${id}${suffix}`;

    it('claims the message id before publishing and marks it published after the confirm', async () => {
      const { receive, claims } = setup();
      const body = outboundBody('genesys-outbound-text.json');

      await receive(body);

      expect(claims.calls).toEqual([`claim ${key(body.id)}`, `complete ${key(body.id)}`]);
    });

    it('publishes a redelivered message once and answers the redelivery ok as a duplicate', async () => {
      const { receive, publisher, metric } = setup();
      const bytes = readSampleBytes('genesys-outbound-text.json');

      const results = [await receive(bytes), await receive(bytes), await receive(bytes)];

      expect(results.map((result) => result.outcome)).toEqual(['ok', 'duplicate', 'duplicate']);
      expect(publisher.published).toHaveLength(1);
      expect(await metric(WEBHOOK_METRICS.REQUESTS, { outcome: 'duplicate' })).toBe(2);
    });

    it('answers in_progress (503) while another request holds the claim, publishing nothing', async () => {
      const { receive, publisher, claims } = setup();
      const body = outboundBody('genesys-outbound-text.json');
      claims.values.set(key(body.id), 'token-of-another-request');

      await expect(receive(body)).resolves.toMatchObject({ outcome: 'in_progress' });
      expect(publisher.published).toEqual([]);
    });

    it('releases the claim when the publish is not confirmed, so that the retry publishes', async () => {
      const { receive, publisher, claims } = setup();
      publisher.refuse.add(0);
      const bytes = readSampleBytes('genesys-outbound-text.json');

      const first = await receive(bytes);
      const retry = await receive(bytes);

      expect([first.outcome, retry.outcome]).toEqual(['unavailable', 'ok']);
      expect(publisher.published).toHaveLength(1);
      expect(claims.calls.map((call) => call.split(' ')[0])).toEqual([
        'claim',
        'release',
        'claim',
        'complete',
      ]);
    });

    it('tells receipts of one message apart by status, and typing events from messages', async () => {
      const { receive, publisher, claims } = setup();
      const id = 'ab'.repeat(16);

      await receive(receiptBody('Delivered', INTEGRATION, id));
      await receive(receiptBody('Read', INTEGRATION, id));
      await receive(receiptBody('Read', INTEGRATION, id));

      expect(publisher.published).toHaveLength(2);
      expect([...claims.values.keys()]).toEqual([key(id, ':receipt:Delivered'), key(id, ':receipt:Read')]);
    });

    it('keeps the claims of tenants and integrations apart', async () => {
      const { sut, secrets, publisher } = setup();
      secrets.integrations.set('other-integration', { tenantId: 'tenant-b', secret: SECRET });
      const id = 'cd'.repeat(16);
      const mine = Buffer.from(JSON.stringify(outboundBody('genesys-outbound-text.json', INTEGRATION, id)));
      const theirs = Buffer.from(
        JSON.stringify(outboundBody('genesys-outbound-text.json', 'other-integration', id)),
      );

      await sut.receive(INTEGRATION, mine, signGenesysWebhook(mine, SECRET));
      await sut.receive('other-integration', theirs, signGenesysWebhook(theirs, SECRET));

      expect(publisher.published.map(({ envelope }) => envelope.tenantId)).toEqual([TENANT, 'tenant-b']);
    });

    it('still publishes when Redis is down (a duplicate beats a loss), and counts it', async () => {
      const { receive, publisher, claims, metric } = setup();
      claims.down = true;
      const bytes = readSampleBytes('genesys-outbound-text.json');

      const results = [await receive(bytes), await receive(bytes)];

      expect(results.map((result) => result.outcome)).toEqual(['ok', 'ok']);
      expect(publisher.published).toHaveLength(2);
      expect(await metric(WEBHOOK_METRICS.DEDUPE_FAILURES, { operation: 'claim' })).toBe(2);
    });

    it('answers ok when the publish was confirmed but Redis failed to remember it', async () => {
      const { receive, publisher, claims, metric } = setup();
      const originalComplete = claims.complete.bind(claims);
      claims.complete = async (key: string) => {
        claims.down = true;
        await originalComplete(key);
      };

      await expect(receive(readSampleBytes('genesys-outbound-text.json'))).resolves.toMatchObject({
        outcome: 'ok',
      });
      expect(publisher.published).toHaveLength(1);
      expect(await metric(WEBHOOK_METRICS.DEDUPE_FAILURES, { operation: 'complete' })).toBe(1);
    });

    it('answers unavailable when the publish fails even if the release fails too', async () => {
      const { receive, publisher, claims, metric } = setup();
      publisher.refuse.add(0);
      const originalRelease = claims.release.bind(claims);
      claims.release = async (key: string, token: string) => {
        claims.down = true;
        await originalRelease(key, token);
      };

      await expect(receive(readSampleBytes('genesys-outbound-text.json'))).resolves.toMatchObject({
        outcome: 'unavailable',
      });
      expect(await metric(WEBHOOK_METRICS.DEDUPE_FAILURES, { operation: 'release' })).toBe(1);
    });
  });

  describe('metrics', () => {
    it('counts webhooks by outcome and times every answer', async () => {
      const { receive, sut, metric } = setup();
      const echo = outboundBody('genesys-outbound-text.json');
      echo.direction = 'Inbound';

      await receive(readSampleBytes('genesys-outbound-text.json'));
      await receive(readSampleBytes('genesys-outbound-text.json'));
      await receive(echo);
      await receive('{}', 'sha256=00');
      await sut.receive('unknown-integration', Buffer.from('{}'), signGenesysWebhook('{}', SECRET));
      await receive('nope');

      for (const outcome of ['ok', 'duplicate', 'echo', 'bad_signature', 'unknown_integration', 'bad_json']) {
        expect({ outcome, count: await metric(WEBHOOK_METRICS.REQUESTS, { outcome }) }).toEqual({
          outcome,
          count: 1,
        });
      }
      expect(await metric(WEBHOOK_METRICS.ACK_DURATION, { outcome: 'ok' })).toBe(1);
      expect(await metric(WEBHOOK_METRICS.PUBLISHED, { kind: 'message' })).toBe(1);
    });
  });
});
