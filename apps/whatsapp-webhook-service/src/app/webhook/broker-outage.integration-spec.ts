import { ROUTING_KEYS } from '@switchboard/shared-contracts';
import { TEST_PHONE_NUMBER_ID, tenantLookup } from '../../testing/fake-tenant-directory.util';
import { readSampleBytes } from '../../testing/samples.util';
import { WebhookServiceHarness } from '../../testing/webhook-service-harness.util';

describe('whatsapp-webhook-service when RabbitMQ goes away', () => {
  let harness: WebhookServiceHarness;

  beforeAll(async () => {
    harness = await WebhookServiceHarness.start('wa-webhook-outage');
    harness.tenants.numbers.set(TEST_PHONE_NUMBER_ID, tenantLookup());
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('answers 503 with Retry-After (never 200) once the broker cannot confirm publishes', async () => {
    const queue = await harness.bindTestQueue(ROUTING_KEYS.WHATSAPP_INBOUND_RAW);
    const before = await harness.post(readSampleBytes('wa-inbound-text.json'));
    expect(before.status).toBe(200);
    expect(await harness.drain(queue)).toHaveLength(1);

    // The service's vhost disappears: its connection is closed and cannot come back.
    await harness.vhost.remove();
    const during = await harness.post(readSampleBytes('wa-inbound-image.json'));

    expect(during.status).toBe(503);
    expect(Number(during.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(harness.logs.text()).toContain('not confirmed by the broker');
  });

  it('reports itself not ready', async () => {
    const response = await harness.request('GET', '/health/ready');

    expect(response.status).toBe(503);
    expect(JSON.parse(response.text)).toMatchObject({ error: { rabbitmq: { status: 'down' } } });
  });
});
