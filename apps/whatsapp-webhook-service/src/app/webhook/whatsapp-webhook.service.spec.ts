import { Logger } from '@nestjs/common';
import { runWithContext } from '@switchboard/backend-util-observability';
import { signMetaWebhook } from '@switchboard/backend-util-signatures';
import {
  PIPELINE_MESSAGE_TYPES,
  ROUTING_KEYS,
  UNROUTABLE_TENANT_ID,
  whatsAppInboundEventSchema,
} from '@switchboard/shared-contracts';
import { createHmac } from 'node:crypto';
import { loadWhatsAppWebhookConfig } from '../config/whatsapp-webhook.config';
import {
  FakeTenantDirectory,
  TEST_PHONE_NUMBER_ID,
  tenantLookup,
} from '../../testing/fake-tenant-directory.util';
import { RecordingPublisher } from '@switchboard/backend-testing-platform';
import { combineSamples, loadSample, readSampleBytes } from '../../testing/samples.util';
import { createTestMetrics } from '../../testing/test-metrics.util';
import { InboundEventsPublisher } from './inbound-events.publisher';
import { TenantRoutesService } from './tenant-routes.service';
import { WEBHOOK_METRICS } from './webhook.metrics';
import { UNROUTABLE_REASON_HEADER } from './webhook.constants';
import { WhatsAppWebhookService } from './whatsapp-webhook.service';

const APP_SECRET = 'unit-test-meta-app-secret';
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

function setup() {
  const config = loadWhatsAppWebhookConfig({ META_APP_SECRET: APP_SECRET });
  const directory = new FakeTenantDirectory();
  const publisher = new RecordingPublisher();
  const { metrics, value } = createTestMetrics();
  const sut = new WhatsAppWebhookService(
    config,
    new TenantRoutesService(directory.client),
    new InboundEventsPublisher(publisher),
    metrics,
  );
  const tenant = tenantLookup();
  directory.numbers.set(TEST_PHONE_NUMBER_ID, tenant);
  /** Signed with the app secret unless a signature (or its absence) is given. */
  const receive = (body: Buffer | string, ...signature: [string | undefined] | []) =>
    sut.receive(Buffer.from(body), signature.length === 0 ? signMetaWebhook(body, APP_SECRET) : signature[0]);
  return { sut, directory, publisher, tenant, metric: value, receive };
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe(WhatsAppWebhookService.name, () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(true));

  describe('signature', () => {
    it('accepts a body signed with the app secret', async () => {
      const { receive } = setup();

      await expect(receive(readSampleBytes('wa-inbound-text.json'))).resolves.toMatchObject({
        outcome: 'ok',
      });
    });

    it.each([
      ['missing', undefined, 'missing X-Hub-Signature-256'],
      ['signed with another secret', signMetaWebhook('{}', 'another-secret'), 'does not match'],
      [
        'of another body',
        signMetaWebhook('{"object":"whatsapp_business_account","entry":[]}', APP_SECRET),
        'does not match',
      ],
      [
        'without its sha256= prefix',
        createHmac('sha256', APP_SECRET).update('x').digest('hex'),
        'does not match',
      ],
      [
        'base64 instead of hex',
        `sha256=${createHmac('sha256', APP_SECRET).update('x').digest('base64')}`,
        'does not match',
      ],
      ['empty', '', 'does not match'],
    ])('refuses a signature that is %s, before looking at anything', async (_label, signature, reason) => {
      const { receive, directory, publisher } = setup();

      const result = await receive(readSampleBytes('wa-inbound-text.json'), signature);

      expect(result).toEqual({ outcome: 'bad_signature', reason: expect.stringContaining(reason) });
      expect(directory.lookups).toEqual([]);
      expect(publisher.published).toEqual([]);
    });

    it('refuses a body changed after signing', async () => {
      const { receive } = setup();
      const body = readSampleBytes('wa-inbound-text.json');
      const signature = signMetaWebhook(body, APP_SECRET);
      const tampered = Buffer.from(body.toString('utf8').replace('Hi, I need', 'Hi, I want'));

      await expect(receive(tampered, signature)).resolves.toMatchObject({ outcome: 'bad_signature' });
    });

    it('checks the signature before parsing: unsigned garbage is a 401 matter, not a 400 one', async () => {
      const { receive } = setup();

      await expect(receive('{not json', 'sha256=00')).resolves.toMatchObject({ outcome: 'bad_signature' });
    });
  });

  describe('body', () => {
    it('refuses signed malformed JSON with its reason and publishes nothing', async () => {
      const { receive, publisher } = setup();

      await expect(receive('{"object":')).resolves.toEqual({
        outcome: 'bad_json',
        reason: 'the body is not valid JSON',
      });
      expect(publisher.published).toEqual([]);
    });

    it('refuses a signed body that is not a WhatsApp webhook', async () => {
      const { receive, publisher } = setup();

      await expect(receive(json({ object: 'page', entry: [] }))).resolves.toMatchObject({
        outcome: 'not_whatsapp',
      });
      await expect(receive(json({ object: 'whatsapp_business_account', entry: {} }))).resolves.toEqual({
        outcome: 'not_whatsapp',
        reason: 'entry must be an array',
      });
      expect(publisher.published).toEqual([]);
    });

    it('accepts a webhook with nothing to publish', async () => {
      const { receive, publisher } = setup();

      await expect(receive(json({ object: 'whatsapp_business_account', entry: [] }))).resolves.toEqual({
        outcome: 'ok',
        published: 0,
        parked: 0,
      });
      expect(publisher.published).toEqual([]);
    });
  });

  describe('routing', () => {
    it('publishes each item to whatsapp.inbound.raw under the number’s tenant, in batch order', async () => {
      const { receive, publisher, tenant } = setup();
      const body = combineSamples([
        'wa-inbound-text.json',
        'wa-status-delivered.json',
        'wa-webhook-system-error.json',
      ]);

      const result = await receive(json(body));

      expect(result).toEqual({ outcome: 'ok', published: 3, parked: 0 });
      expect(
        publisher.published.map(({ routingKey, envelope }) => [routingKey, envelope.tenantId, envelope.type]),
      ).toEqual([
        [ROUTING_KEYS.WHATSAPP_INBOUND_RAW, tenant.tenantId, PIPELINE_MESSAGE_TYPES.WHATSAPP_MESSAGE],
        [ROUTING_KEYS.WHATSAPP_INBOUND_RAW, tenant.tenantId, PIPELINE_MESSAGE_TYPES.WHATSAPP_STATUS],
        [ROUTING_KEYS.WHATSAPP_INBOUND_RAW, tenant.tenantId, PIPELINE_MESSAGE_TYPES.WHATSAPP_ERROR],
      ]);
      for (const { envelope, headers } of publisher.published) {
        expect(whatsAppInboundEventSchema.safeParse(envelope.payload).success).toBe(true);
        expect(headers).toEqual({});
      }
    });

    it('looks each number up once per batch, and not again while cached', async () => {
      const { receive, directory } = setup();
      const body = combineSamples(['wa-inbound-text.json', 'wa-inbound-image.json', 'wa-status-read.json']);

      await receive(json(body));
      await receive(json(body));

      expect(directory.lookups).toEqual([TEST_PHONE_NUMBER_ID]);
    });

    it.each([
      ['unknown', undefined, 'unknown_phone_number', () => UNROUTABLE_TENANT_ID],
      [
        'of a suspended tenant',
        { tenantStatus: 'suspended' as const },
        'tenant_suspended',
        (id: string) => id,
      ],
      ['not connected to Genesys yet', { integrationId: null }, 'genesys_not_onboarded', (id: string) => id],
    ])(
      'parks the items of a number %s with the reason, and still answers ok',
      async (_label, change, reason, tenantOf) => {
        const { receive, directory, publisher, metric, tenant } = setup();
        if (change === undefined) directory.numbers.clear();
        else directory.numbers.set(TEST_PHONE_NUMBER_ID, { ...tenant, ...change });

        const result = await receive(readSampleBytes('wa-inbound-text.json'));

        expect(result).toEqual({ outcome: 'ok', published: 0, parked: 1 });
        expect(publisher.published).toHaveLength(1);
        expect(publisher.published[0]).toMatchObject({
          routingKey: ROUTING_KEYS.WHATSAPP_INBOUND_UNROUTABLE,
          envelope: { tenantId: tenantOf(tenant.tenantId), type: PIPELINE_MESSAGE_TYPES.WHATSAPP_MESSAGE },
          headers: { [UNROUTABLE_REASON_HEADER]: reason },
        });
        expect(await metric(WEBHOOK_METRICS.UNROUTABLE, { reason })).toBe(1);
      },
    );

    it('parks the items of a change without phone_number_id, without asking tenant-service', async () => {
      const { receive, directory, publisher } = setup();
      const body = loadSample('wa-status-sent.json');
      delete body.entry[0]!.changes[0]!.value.metadata.phone_number_id;

      await expect(receive(json(body))).resolves.toEqual({ outcome: 'ok', published: 0, parked: 1 });
      expect(directory.lookups).toEqual([]);
      expect(publisher.published[0]).toMatchObject({
        routingKey: ROUTING_KEYS.WHATSAPP_INBOUND_UNROUTABLE,
        envelope: { tenantId: UNROUTABLE_TENANT_ID },
        headers: { [UNROUTABLE_REASON_HEADER]: 'missing_phone_number_id' },
      });
    });

    it('parks a malformed change with its reason and still publishes the rest of the batch', async () => {
      const { receive, publisher, metric, tenant } = setup();
      const body = combineSamples(['wa-inbound-text.json', 'wa-inbound-image.json']);
      (body.entry[0]!.changes[0]!.value as Record<string, unknown>)['messages'] = { not: 'a list' };

      await expect(receive(json(body))).resolves.toEqual({ outcome: 'ok', published: 1, parked: 1 });
      expect(publisher.published).toEqual([
        expect.objectContaining({
          routingKey: ROUTING_KEYS.WHATSAPP_INBOUND_UNROUTABLE,
          envelope: expect.objectContaining({
            tenantId: UNROUTABLE_TENANT_ID,
            type: PIPELINE_MESSAGE_TYPES.WHATSAPP_ERROR,
            payload: expect.objectContaining({
              item: expect.objectContaining({
                malformed: 'entry[0].changes[0].value.messages must be an array',
              }),
            }),
          }),
          headers: { [UNROUTABLE_REASON_HEADER]: 'malformed_change' },
        }),
        expect.objectContaining({
          routingKey: ROUTING_KEYS.WHATSAPP_INBOUND_RAW,
          envelope: expect.objectContaining({ tenantId: tenant.tenantId }),
        }),
      ]);
      expect(await metric(WEBHOOK_METRICS.UNROUTABLE, { reason: 'malformed_change' })).toBe(1);
    });

    it('routes the numbers of one batch separately', async () => {
      const { receive, publisher, tenant } = setup();
      const body = combineSamples(['wa-inbound-text.json', 'wa-inbound-image.json']);
      body.entry[1]!.changes[0]!.value.metadata.phone_number_id = '555000111222333';

      await expect(receive(json(body))).resolves.toEqual({ outcome: 'ok', published: 1, parked: 1 });
      expect(publisher.published.map(({ routingKey, envelope }) => [routingKey, envelope.tenantId])).toEqual([
        [ROUTING_KEYS.WHATSAPP_INBOUND_RAW, tenant.tenantId],
        [ROUTING_KEYS.WHATSAPP_INBOUND_UNROUTABLE, UNROUTABLE_TENANT_ID],
      ]);
    });

    it('answers unavailable and publishes nothing when tenant-service cannot answer', async () => {
      const { receive, directory, publisher, metric } = setup();
      directory.failing = true;

      const result = await receive(readSampleBytes('wa-inbound-text.json'));

      expect(result).toMatchObject({ outcome: 'unavailable' });
      expect(publisher.published).toEqual([]);
      expect(await metric(WEBHOOK_METRICS.REQUESTS, { outcome: 'unavailable' })).toBe(1);
    });
  });

  describe('publishing', () => {
    it('answers unavailable when any publish is not confirmed, after trying them all', async () => {
      const { receive, publisher, metric } = setup();
      publisher.refuse.add(1);
      const body = combineSamples(['wa-inbound-text.json', 'wa-inbound-image.json', 'wa-inbound-audio.json']);

      const result = await receive(json(body));

      expect(result).toMatchObject({ outcome: 'unavailable' });
      expect(
        publisher.published.map(({ envelope }) => (envelope.payload as { batchIndex: number }).batchIndex),
      ).toEqual([0, 2]);
      expect(await metric(WEBHOOK_METRICS.ITEMS_PUBLISHED, { kind: 'message' })).toBe(0);
    });

    it('carries the request’s correlation id and trace, and the item’s own time', async () => {
      const { receive, publisher } = setup();

      await runWithContext({ correlationId: 'corr-42', traceparent: TRACEPARENT }, () =>
        receive(readSampleBytes('wa-status-read.json')),
      );

      const [{ envelope }] = publisher.published as [(typeof publisher.published)[number]];
      expect(envelope.correlationId).toBe('corr-42');
      expect(envelope.traceparent.split('-')[1]).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
      expect(envelope.occurredAt).toBe(new Date(1767225760 * 1000).toISOString());
      expect(envelope.attempt).toBe(0);
    });
  });

  describe('metrics', () => {
    it('counts webhooks by outcome, published items by kind and ignored changes by field', async () => {
      const { receive, metric } = setup();
      const body = combineSamples(['wa-inbound-text.json', 'wa-status-sent.json', 'wa-status-read.json']);
      body.entry[0]!.changes.push({ field: 'account_update', value: {} as never });

      await receive(json(body));
      await receive('{}', 'sha256=00');
      await receive('nope');

      expect(await metric(WEBHOOK_METRICS.REQUESTS, { outcome: 'ok' })).toBe(1);
      expect(await metric(WEBHOOK_METRICS.REQUESTS, { outcome: 'bad_signature' })).toBe(1);
      expect(await metric(WEBHOOK_METRICS.REQUESTS, { outcome: 'bad_json' })).toBe(1);
      expect(await metric(WEBHOOK_METRICS.ITEMS_PUBLISHED, { kind: 'message' })).toBe(1);
      expect(await metric(WEBHOOK_METRICS.ITEMS_PUBLISHED, { kind: 'status' })).toBe(2);
      expect(await metric(WEBHOOK_METRICS.IGNORED_CHANGES, { field: 'account_update' })).toBe(1);
      expect(await metric(WEBHOOK_METRICS.ACK_DURATION, { outcome: 'ok' })).toBe(1);
    });
  });
});
