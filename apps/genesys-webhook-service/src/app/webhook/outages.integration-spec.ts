import { TcpProxy } from '@switchboard/backend-testing-platform';
import { TEST_REDIS_URL } from '@switchboard/backend-testing-infra';
import Redis from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { outboundBody } from '../../testing/samples.util';
import { WebhookServiceHarness, type TestIntegration } from '../../testing/webhook-service-harness.util';

async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(200);
  }
}

function proxiedUrl(url: string, port: number): string {
  const proxied = new URL(url);
  proxied.port = String(port);
  return proxied.toString();
}

describe('genesys-webhook-service when RabbitMQ goes away and comes back', () => {
  let harness: WebhookServiceHarness;
  let proxy: TcpProxy;
  let integration: TestIntegration;

  beforeAll(async () => {
    proxy = new TcpProxy(5672);
    const port = await proxy.listen();
    harness = await WebhookServiceHarness.start('genesys-webhook-broker', {
      env: (vhost) => ({ RABBITMQ_URL: proxiedUrl(vhost.url, port) }),
    });
    integration = harness.integration();
  });

  afterAll(async () => {
    await harness?.stop();
    await proxy?.close();
  });

  const ready = async () => (await harness.request('GET', '/health/ready')).status === 200;

  it('answers 503 (never 200) while the broker cannot confirm, releasing the claim; the retry publishes once', async () => {
    await eventually(ready);
    const body = outboundBody('genesys-outbound-text.json', integration.integrationId);

    proxy.cut();
    const during = await harness.post(integration, body);

    expect(during.status).toBe(503);
    expect(Number(during.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await harness.claim(integration, body.id)).toBeNull();
    expect(harness.logs.text()).toContain('not confirmed by the broker');

    proxy.restore();
    await eventually(ready);
    const retry = await harness.post(integration, body);
    const again = await harness.post(integration, body);

    expect([retry.status, again.status]).toEqual([200, 200]);
    expect(JSON.parse(again.text)).toEqual({ result: 'duplicate' });
    const received = await harness.drain();
    expect(received.map(({ envelope }) => envelope.payload.genesysMessageId)).toEqual([body.id]);
  });
});

describe('genesys-webhook-service when Redis goes away and comes back', () => {
  let harness: WebhookServiceHarness;
  let proxy: TcpProxy;
  let integration: TestIntegration;

  beforeAll(async () => {
    const redisUrl = new URL(TEST_REDIS_URL);
    proxy = new TcpProxy(Number(redisUrl.port || 6379), redisUrl.hostname);
    const port = await proxy.listen();
    harness = await WebhookServiceHarness.start('genesys-webhook-redis', {
      env: () => ({ REDIS_URL: proxiedUrl(TEST_REDIS_URL, port) }),
    });
    integration = harness.integration();
  });

  afterAll(async () => {
    await harness?.stop();
    await proxy?.close();
  });

  it('publishes without deduplicating while Redis is down, stays ready, and dedupes again once it is back', async () => {
    const down = outboundBody('genesys-outbound-text.json', integration.integrationId);
    proxy.cut();

    const answers = [await harness.post(integration, down), await harness.post(integration, down)];

    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect(await harness.drain()).toHaveLength(2);
    expect((await harness.request('GET', '/health/ready')).status).toBe(200);
    const metrics = (await harness.request('GET', '/metrics')).text;
    expect(metrics).toMatch(/switchboard_genesys_webhook_dedupe_failures_total\{operation="claim"\} 2/);

    proxy.restore();
    const redis = harness.app.get(Redis);
    await eventually(async () => redis.status === 'ready');
    const back = outboundBody('genesys-outbound-text.json', integration.integrationId);
    const results = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      results.push(JSON.parse((await harness.post(integration, back)).text).result);
    }

    expect(results).toEqual(['published', 'duplicate', 'duplicate']);
    expect(await harness.drain()).toHaveLength(1);
  });
});
