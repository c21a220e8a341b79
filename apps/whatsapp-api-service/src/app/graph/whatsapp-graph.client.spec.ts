import { classifyError } from '@switchboard/backend-util-messaging';
import { KeyedPauses, type KeyedCircuitBreakers } from '@switchboard/backend-util-resilience';
import { whatsAppPairBackoffSeconds, type WhatsAppSendMessageRequest } from '@switchboard/shared-contracts';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { Registry } from 'prom-client';
import { WhatsAppMetrics } from '../metrics/whatsapp-metrics';
import type { RecipientPacing, RecipientPause, RecipientStrike } from '../pacing/recipient-pacing.store';
import type { GraphAnswer } from './graph-answer.util';
import { GraphTransport, type GraphHttpRequest } from './graph-transport';
import { multipartBody } from './multipart-body.util';
import { createTenantBreakers } from './tenant-breakers.util';
import { WhatsAppGraphClient, type Sender, type WhatsAppTokenSource } from './whatsapp-graph.client';
import {
  WhatsAppCircuitOpenError,
  WhatsAppCredentialsRejectedError,
  WhatsAppPairRateExhaustedError,
  WhatsAppPairRateLimitedError,
  WhatsAppRateLimitedError,
  WhatsAppRequestRejectedError,
  WhatsAppThrottledError,
  WhatsAppUnavailableError,
} from './whatsapp.errors';

type Reply = GraphAnswer | Error;

/** Answers each request with the next scripted reply (the last one repeats). */
class ScriptedTransport extends GraphTransport {
  readonly requests: GraphHttpRequest[] = [];
  readonly bodies: string[] = [];

  constructor(private readonly replies: Reply[]) {
    super();
  }

  async post(request: GraphHttpRequest): Promise<GraphAnswer> {
    this.requests.push(request);
    this.bodies.push(
      'json' in request.body ? JSON.stringify(request.body.json) : await text(request.body.stream),
    );
    const reply = this.replies.length > 1 ? this.replies.shift()! : this.replies[0]!;
    if (reply instanceof Error) throw reply;
    return reply;
  }

  async close(): Promise<void> {
    // nothing held
  }
}

class FakeTokens implements WhatsAppTokenSource {
  readonly invalidated: string[] = [];
  private generation = 1;

  async whatsAppToken(phoneNumberId: string): Promise<string> {
    return `token-${phoneNumberId}-${this.generation}`;
  }

  async invalidateWhatsAppToken(phoneNumberId: string): Promise<void> {
    this.invalidated.push(phoneNumberId);
    this.generation += 1;
  }
}

/** The Redis store's behaviour, in memory. */
class FakePacing implements Pick<RecipientPacing, 'pause' | 'strike' | 'reset'> {
  readonly strikes = new Map<string, number>();
  readonly waits = new Map<string, number>();

  async pause(tenantId: string, phoneNumberId: string, waId: string): Promise<RecipientPause> {
    const key = `${tenantId}:${phoneNumberId}:${waId}`;
    return { remainingMs: this.waits.get(key) ?? 0, struck: this.strikes.has(key) };
  }

  async strike(tenantId: string, phoneNumberId: string, waId: string): Promise<RecipientStrike> {
    const key = `${tenantId}:${phoneNumberId}:${waId}`;
    const consecutive = this.strikes.get(key) ?? 0;
    this.strikes.set(key, consecutive + 1);
    return { consecutive, delayMs: whatsAppPairBackoffSeconds(consecutive) * 1000 };
  }

  async reset(tenantId: string, phoneNumberId: string, waId: string): Promise<void> {
    this.strikes.delete(`${tenantId}:${phoneNumberId}:${waId}`);
  }
}

const answer = (status: number, body: unknown = {}, headers: Record<string, string> = {}): GraphAnswer => ({
  status,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

const accepted = (wamid = 'wamid.A1') =>
  answer(200, {
    messaging_product: 'whatsapp',
    contacts: [{ input: '15551234567', wa_id: '15551234567' }],
    messages: [{ id: wamid, message_status: 'accepted' }],
  });

const graphError = (status: number, code: number, headers: Record<string, string> = {}) =>
  answer(
    status,
    { error: { message: `error ${code}`, type: 'OAuthException', code, fbtrace_id: 'A1' } },
    headers,
  );

const TENANT_A: Sender = { tenantId: 'tenant-a', phoneNumberId: '109876543210001', throughputTier: 80 };
const TENANT_B: Sender = { tenantId: 'tenant-b', phoneNumberId: '109876543210002' };

const text_ = (to = '15551234567'): WhatsAppSendMessageRequest => ({
  messaging_product: 'whatsapp',
  recipient_type: 'individual',
  to,
  type: 'text',
  text: { body: 'Hello from the agent' },
});

describe(WhatsAppGraphClient.name, () => {
  let registry: Registry;
  let metrics: WhatsAppMetrics;
  let tokens: FakeTokens;
  let pacing: FakePacing;
  let pauses: KeyedPauses;
  let breakers: KeyedCircuitBreakers;
  let rateWaits: number[];
  let reserved: [string, string, number | undefined][];

  function clientWith(
    transport: GraphTransport,
    options: { pairRateMaxRetries?: number } = {},
  ): WhatsAppGraphClient {
    return new WhatsAppGraphClient({
      transport,
      tokens,
      rateLimits: {
        reserve: async (tenantId, phoneNumberId, tier) => {
          reserved.push([tenantId, phoneNumberId, tier]);
          return rateWaits.shift() ?? 0;
        },
      },
      pauses,
      pacing,
      breakers,
      metrics,
      graphBaseUrl: 'https://graph.test/',
      graphVersion: 'v25.0',
      requestTimeoutMs: 10_000,
      uploadTimeoutMs: 120_000,
      defaultRetryAfterMs: 60_000,
      maxInlineWaitMs: 50,
      pairRateMaxRetries: options.pairRateMaxRetries ?? 6,
    });
  }

  const metricValue = async (name: string, labels: Record<string, string>) => {
    const values = (await registry.getSingleMetric(name)?.get())?.values ?? [];
    return (
      values.find((value) => Object.entries(labels).every(([key, v]) => value.labels[key] === v))?.value ?? 0
    );
  };

  beforeEach(() => {
    registry = new Registry();
    metrics = new WhatsAppMetrics(registry);
    tokens = new FakeTokens();
    pacing = new FakePacing();
    pauses = new KeyedPauses();
    rateWaits = [];
    reserved = [];
    breakers = createTenantBreakers({
      consecutiveFailures: 5,
      errorThresholdPercent: 50,
      volumeThreshold: 20,
      windowMs: 30_000,
      resetTimeoutMs: 60_000,
    });
  });

  afterEach(() => breakers.shutdown());

  it('posts the send with the number’s bearer token to its messages endpoint and returns the wamid', async () => {
    const transport = new ScriptedTransport([accepted('wamid.HBgL')]);

    const result = await clientWith(transport).sendMessage(TENANT_A, text_());

    expect(result).toEqual({ wamid: 'wamid.HBgL' });
    expect(transport.requests).toEqual([
      expect.objectContaining({
        url: 'https://graph.test/v25.0/109876543210001/messages',
        accessToken: 'token-109876543210001-1',
        body: { json: text_() },
        timeoutMs: 10_000,
      }),
    ]);
    expect(reserved).toEqual([['tenant-a', '109876543210001', 80]]);
    expect(
      await metricValue('switchboard_whatsapp_requests_total', { kind: 'message', outcome: 'accepted' }),
    ).toBe(1);
  });

  it('reports a 2xx without a wamid as unreadable instead of failing the send', async () => {
    const result = await clientWith(
      new ScriptedTransport([answer(200, { messaging_product: 'whatsapp' })]),
    ).sendMessage(TENANT_A, text_());

    expect(result).toEqual({ unreadable: expect.stringMatching(/^no wamid/) });
  });

  describe('refused tokens', () => {
    it('invalidates the token after a 401 and sends once more at once with a new one', async () => {
      const transport = new ScriptedTransport([graphError(401, 190), accepted()]);

      const result = await clientWith(transport).sendMessage(TENANT_A, text_());

      expect(result).toEqual({ wamid: 'wamid.A1' });
      expect(tokens.invalidated).toEqual(['109876543210001']);
      expect(transport.requests.map((request) => request.accessToken)).toEqual([
        'token-109876543210001-1',
        'token-109876543210001-2',
      ]);
    });

    it('treats code 190 and code 0 as refused tokens whatever the HTTP status', async () => {
      for (const code of [190, 0]) {
        const transport = new ScriptedTransport([graphError(400, code), accepted()]);
        await clientWith(transport).sendMessage(TENANT_A, text_());
        expect(transport.requests).toHaveLength(2);
      }
      expect(tokens.invalidated).toHaveLength(2);
    });

    it('gives up on a renewed token refused too, counts the alert, and never tries a third time', async () => {
      const transport = new ScriptedTransport([graphError(401, 190)]);

      const error = await clientWith(transport)
        .sendMessage(TENANT_A, text_())
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(WhatsAppCredentialsRejectedError);
      expect((error as Error).message).toMatch(
        /^WhatsApp refused the renewed token of phone number 109876543210001 \(tenant tenant-a\) too \(HTTP 401, code 190: error 190\)/,
      );
      expect(transport.requests).toHaveLength(2);
      expect(tokens.invalidated).toEqual(['109876543210001']);
      expect(await metricValue('switchboard_whatsapp_auth_failures_total', { tenant: 'tenant-a' })).toBe(1);
    });
  });

  it('refuses for good what WhatsApp refuses (131047) after one request', async () => {
    const transport = new ScriptedTransport([graphError(400, 131047)]);

    const error = await clientWith(transport)
      .sendMessage(TENANT_A, text_())
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(WhatsAppRequestRejectedError);
    expect((error as WhatsAppRequestRejectedError).details).toMatchObject({
      code: 131047,
      category: 'customer-service-window',
    });
    expect(classifyError(error).kind).toBe('permanent');
    expect(transport.requests).toHaveLength(1);
  });

  it.each([
    ['500 without a code', answer(500, 'Internal Server Error')],
    ['131000', graphError(500, 131000)],
    ['130429', graphError(429, 130429)],
    ['a timeout', new WhatsAppUnavailableError('timeout', 'WhatsApp did not answer within 10000 ms')],
  ])('makes %s a retryable failure', async (_label, reply) => {
    const error = await clientWith(new ScriptedTransport([reply]))
      .sendMessage(TENANT_A, text_())
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(WhatsAppUnavailableError);
    expect(classifyError(error).kind).toBe('retryable');
  });

  it('pauses the number after an app rate limit (4) for its Retry-After, without burning an attempt', async () => {
    const transport = new ScriptedTransport([graphError(429, 4, { 'retry-after': '30' }), accepted()]);
    const client = clientWith(transport);

    const limited = await client.sendMessage(TENANT_A, text_()).catch((e: unknown) => e);
    const paused = await client.sendMessage(TENANT_A, text_('15550000002')).catch((e: unknown) => e);
    await client.sendMessage(TENANT_B, text_());

    expect(limited).toBeInstanceOf(WhatsAppRateLimitedError);
    expect((limited as WhatsAppRateLimitedError).delayMs).toBe(30_000);
    expect(paused).toBeInstanceOf(WhatsAppThrottledError);
    expect(classifyError(paused).kind).toBe('retry-later');
    expect(transport.requests.map((request) => request.url)).toEqual([
      'https://graph.test/v25.0/109876543210001/messages',
      'https://graph.test/v25.0/109876543210002/messages',
    ]);
  });

  describe('pair rate limit (131056)', () => {
    it('waits 4^X s before the next message to the customer, X per 131056 in a row', async () => {
      const client = clientWith(new ScriptedTransport([graphError(429, 131056)]));

      const delays: number[] = [];
      for (let round = 0; round < 3; round += 1) {
        const error = (await client
          .sendMessage(TENANT_A, text_())
          .catch((e: unknown) => e)) as WhatsAppPairRateLimitedError;
        expect(error).toBeInstanceOf(WhatsAppPairRateLimitedError);
        delays.push(error.delayMs);
      }

      expect(delays).toEqual([1_000, 4_000, 16_000]);
      expect(classifyError(new WhatsAppPairRateLimitedError(1, 'x', { message: 'x' })).kind).toBe(
        'retry-later',
      );
    });

    it('starts again from 1 s once a message reached the customer', async () => {
      const client = clientWith(
        new ScriptedTransport([graphError(429, 131056), accepted(), graphError(429, 131056)]),
      );

      await client.sendMessage(TENANT_A, text_()).catch(() => undefined);
      await client.sendMessage(TENANT_A, text_());
      const error = (await client
        .sendMessage(TENANT_A, text_())
        .catch((e: unknown) => e)) as WhatsAppPairRateLimitedError;

      expect(error.delayMs).toBe(1_000);
    });

    it('holds the next message to a paced customer back, but not one to another customer', async () => {
      pacing.waits.set('tenant-a:109876543210001:15551234567', 30_000);
      const transport = new ScriptedTransport([accepted()]);
      const client = clientWith(transport);

      const held = await client.sendMessage(TENANT_A, text_()).catch((e: unknown) => e);
      await client.sendMessage(TENANT_A, text_('15550000002'));

      expect(held).toBeInstanceOf(WhatsAppThrottledError);
      expect((held as Error).message).toMatch(/paced \(131056\) for 30 s more/);
      expect(transport.requests).toHaveLength(1);
      expect(
        await metricValue('switchboard_whatsapp_waits_total', {
          reason: 'recipient_pacing',
          mode: 'deferred',
        }),
      ).toBe(1);
    });

    it('gives up after the configured paced retries and starts the customer afresh', async () => {
      const client = clientWith(new ScriptedTransport([graphError(429, 131056)]), { pairRateMaxRetries: 2 });

      const errors = [];
      for (let round = 0; round < 3; round += 1)
        errors.push(await client.sendMessage(TENANT_A, text_()).catch((e: unknown) => e));

      expect(errors.map((error) => (error as Error).constructor.name)).toEqual([
        'WhatsAppPairRateLimitedError',
        'WhatsAppPairRateLimitedError',
        'WhatsAppPairRateExhaustedError',
      ]);
      expect(errors[2]).toBeInstanceOf(WhatsAppPairRateExhaustedError);
      expect(pacing.strikes.size).toBe(0);
    });
  });

  describe('the number’s send rate', () => {
    it('waits in-process for a short wait, then sends', async () => {
      rateWaits = [20];
      const transport = new ScriptedTransport([accepted()]);

      await clientWith(transport).sendMessage(TENANT_A, text_());

      expect(transport.requests).toHaveLength(1);
      expect(reserved).toHaveLength(2);
      expect(
        await metricValue('switchboard_whatsapp_waits_total', { reason: 'number_rate', mode: 'inline' }),
      ).toBe(1);
    });

    it('hands a long wait back to the queue without burning an attempt', async () => {
      rateWaits = [5_000];
      const transport = new ScriptedTransport([accepted()]);

      const error = await clientWith(transport)
        .sendMessage(TENANT_A, text_())
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(WhatsAppThrottledError);
      expect((error as WhatsAppThrottledError).delayMs).toBe(5_000);
      expect(classifyError(error).kind).toBe('retry-later');
      expect(transport.requests).toHaveLength(0);
    });
  });

  describe('the tenant’s circuit breaker', () => {
    it('opens on one tenant’s failures and refuses its calls at once, while another tenant goes on', async () => {
      const failing = new ScriptedTransport([answer(503, '')]);
      const client = clientWith(failing);
      for (let call = 0; call < 5; call += 1) {
        await expect(client.sendMessage(TENANT_A, text_())).rejects.toBeInstanceOf(WhatsAppUnavailableError);
      }

      const refusal = await client.sendMessage(TENANT_A, text_()).catch((e: unknown) => e);

      expect(refusal).toBeInstanceOf(WhatsAppCircuitOpenError);
      expect(classifyError(refusal).kind).toBe('retry-later');
      expect(failing.requests).toHaveLength(5);
      expect(breakers.state('tenant-b')).toBe('closed');
      expect(
        await metricValue('switchboard_whatsapp_waits_total', { reason: 'circuit_open', mode: 'deferred' }),
      ).toBe(1);
    });

    it('counts refused tokens as the tenant’s failures', async () => {
      const client = clientWith(new ScriptedTransport([graphError(401, 190)]));
      for (let call = 0; call < 3; call += 1)
        await client.sendMessage(TENANT_A, text_()).catch(() => undefined);

      expect(breakers.state('tenant-a')).toBe('open');
    });

    it('does not count per-message refusals (131047, 131026) or rate limits', async () => {
      const client = clientWith(new ScriptedTransport([graphError(400, 131047), graphError(400, 131026)]));
      for (let call = 0; call < 10; call += 1)
        await client.sendMessage(TENANT_A, text_()).catch(() => undefined);

      expect(breakers.state('tenant-a')).toBe('closed');
    });
  });

  it('sends the typing indicator to the messages endpoint without pacing by customer', async () => {
    pacing.waits.set('tenant-a:109876543210001:15551234567', 30_000);
    const transport = new ScriptedTransport([answer(200, { success: true })]);
    const body = {
      messaging_product: 'whatsapp' as const,
      status: 'read' as const,
      message_id: 'wamid.IN1',
      typing_indicator: { type: 'text' as const },
    };

    await clientWith(transport).sendTyping(TENANT_A, body);

    expect(transport.requests).toEqual([
      expect.objectContaining({
        url: 'https://graph.test/v25.0/109876543210001/messages',
        body: { json: body },
      }),
    ]);
  });

  it('does not open an upload’s body while the tenant’s breaker refuses calls', async () => {
    const client = clientWith(new ScriptedTransport([answer(503, '')]));
    for (let call = 0; call < 5; call += 1)
      await client.sendMessage(TENANT_A, text_()).catch(() => undefined);
    let opened = 0;

    const refusal = await client
      .uploadMedia(TENANT_A, async () => {
        opened += 1;
        return multipartBody({}, 'file', {
          stream: Readable.from([]),
          size: 0,
          filename: 'a',
          contentType: 'image/png',
        });
      })
      .catch((e: unknown) => e);

    expect(refusal).toBeInstanceOf(WhatsAppCircuitOpenError);
    expect(opened).toBe(0);
  });

  it('uploads media as multipart with a fresh stream for the retry after a refused token', async () => {
    const transport = new ScriptedTransport([graphError(401, 190), answer(200, { id: '4142352417329150' })]);
    let opened = 0;
    const openBody = async () => {
      opened += 1;
      const bytes = Buffer.from(`bytes of try ${opened}`);
      return multipartBody({ messaging_product: 'whatsapp', type: 'image/png' }, 'file', {
        stream: Readable.from([bytes]),
        size: bytes.length,
        filename: 'a.png',
        contentType: 'image/png',
      });
    };

    const result = await clientWith(transport).uploadMedia(TENANT_A, openBody);

    expect(result).toEqual({ mediaId: '4142352417329150' });
    expect(opened).toBe(2);
    expect(transport.requests.map((request) => request.url)).toEqual([
      'https://graph.test/v25.0/109876543210001/media',
      'https://graph.test/v25.0/109876543210001/media',
    ]);
    expect(transport.requests[1]?.timeoutMs).toBe(120_000);
    expect(transport.bodies[1]).toContain('bytes of try 2');
    expect(reserved).toEqual([]);
    expect(transport.bodies[1]).toContain('name="messaging_product"\r\n\r\nwhatsapp');
  });
});
