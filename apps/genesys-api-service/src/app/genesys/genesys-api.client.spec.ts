import {
  classifyError,
  PermanentError,
  RetryLaterError,
  RetryableError,
} from '@switchboard/backend-util-messaging';
import { Registry } from 'prom-client';
import { GenesysMetrics } from '../metrics/genesys-metrics';
import { KeyedPauses, KeyedSemaphore, type KeyedCircuitBreakers } from '@switchboard/backend-util-resilience';
import type { GenesysAnswer } from './genesys-answer.util';
import { GenesysApiClient, type GenesysCall, type GenesysTokenSource } from './genesys-api.client';
import { GenesysTransport, type GenesysHttpRequest } from './genesys-transport';
import { createRegionBreakers } from './region-breakers.util';
import {
  GenesysCircuitOpenError,
  GenesysCredentialsRejectedError,
  GenesysRateLimitedError,
  GenesysRequestRejectedError,
  GenesysThrottledError,
  GenesysUnavailableError,
} from './genesys.errors';

type Reply = GenesysAnswer | Error;

/** Answers each request with the next scripted reply (the last one repeats). */
class ScriptedTransport extends GenesysTransport {
  readonly requests: GenesysHttpRequest[] = [];

  constructor(private readonly replies: Reply[]) {
    super();
  }

  async post(request: GenesysHttpRequest): Promise<GenesysAnswer> {
    this.requests.push(request);
    const reply = this.replies.length > 1 ? this.replies.shift()! : this.replies[0]!;
    if (reply instanceof Error) throw reply;
    return reply;
  }

  async close(): Promise<void> {
    // nothing held
  }
}

class FakeTokens implements GenesysTokenSource {
  readonly invalidated: string[] = [];
  private generation = 1;

  async genesysToken(integrationId: string): Promise<string> {
    return `token-${integrationId}-${this.generation}`;
  }

  async invalidateGenesysToken(integrationId: string): Promise<void> {
    this.invalidated.push(integrationId);
    this.generation += 1;
  }
}

const answer = (status: number, body: unknown = {}, headers: Record<string, string> = {}): GenesysAnswer => ({
  status,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

const genesysError = (status: number, code: string, message: string) =>
  answer(status, { message, code, status, contextId: 'ctx-1', details: [], errors: [] });

const CALL: GenesysCall = {
  kind: 'receipt',
  tenantId: 'tenant-a',
  integrationId: '5f2b6c1e-8d3a-4b7e-9c1d-2a3b4c5d6e7f',
  region: 'eu-west-1',
  body: { id: 'm-1' },
};

describe(GenesysApiClient.name, () => {
  let registry: Registry;
  let metrics: GenesysMetrics;
  let tokens: FakeTokens;
  let pauses: KeyedPauses;
  let breakers: KeyedCircuitBreakers;
  let rateWaits: number[];

  function clientWith(transport: GenesysTransport): GenesysApiClient {
    return new GenesysApiClient({
      transport,
      tokens,
      tenantSlots: new KeyedSemaphore(8),
      rateLimiter: { reserve: async () => rateWaits.shift() ?? 0 },
      pauses,
      breakers,
      metrics,
      apiBaseUrl: 'https://genesys.test',
      defaultRetryAfterMs: 60_000,
      maxInlineWaitMs: 50,
    });
  }

  async function failureOf(replies: Reply[]): Promise<unknown> {
    return clientWith(new ScriptedTransport(replies))
      .send(CALL)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
  }

  const metricValue = async (name: string, labels: Record<string, string>) => {
    const metric = (await registry.getSingleMetric(name)?.get())?.values ?? [];
    return (
      metric.find((value) => Object.entries(labels).every(([key, v]) => value.labels[key] === v))?.value ?? 0
    );
  };

  beforeEach(() => {
    registry = new Registry();
    metrics = new GenesysMetrics(registry);
    tokens = new FakeTokens();
    pauses = new KeyedPauses();
    rateWaits = [];
    breakers = createRegionBreakers({
      consecutiveFailures: 5,
      errorThresholdPercent: 50,
      volumeThreshold: 20,
      windowMs: 30_000,
      resetTimeoutMs: 60_000,
    });
  });

  afterEach(() => breakers.shutdown());

  it('posts the body with the integration’s bearer token to the endpoint of the kind', async () => {
    const transport = new ScriptedTransport([answer(202, { id: 'receipt-1' })]);

    const result = await clientWith(transport).send(CALL);

    expect(result.status).toBe(202);
    expect(transport.requests).toEqual([
      {
        url: `https://genesys.test/api/v2/conversations/messages/${CALL.integrationId}/inbound/open/receipt`,
        accessToken: `token-${CALL.integrationId}-1`,
        body: CALL.body,
      },
    ]);
  });

  it('uses the region’s API host when no base URL is configured', async () => {
    const transport = new ScriptedTransport([answer(200)]);
    const client = new GenesysApiClient({
      transport,
      tokens,
      tenantSlots: new KeyedSemaphore(1),
      rateLimiter: { reserve: async () => 0 },
      pauses,
      breakers,
      metrics,
      defaultRetryAfterMs: 60_000,
      maxInlineWaitMs: 0,
    });

    await client.send({ ...CALL, kind: 'message', region: 'eu-central-1' });

    expect(transport.requests[0]?.url).toBe(
      `https://api.mypurecloud.de/api/v2/conversations/messages/${CALL.integrationId}/inbound/open/message?prefetchConversationId=true`,
    );
  });

  describe('error classification', () => {
    it.each([
      [
        '429 with Retry-After 7',
        [answer(429, {}, { 'retry-after': '7' })],
        GenesysRateLimitedError,
        'retry-later',
        7_000,
      ],
      ['429 without Retry-After', [answer(429)], GenesysRateLimitedError, 'retry-later', 60_000],
      [
        '400',
        [genesysError(400, 'bad.request', 'channel.from.id: is required')],
        GenesysRequestRejectedError,
        'permanent',
        undefined,
      ],
      [
        '404',
        [genesysError(404, 'not.found', 'integration not found')],
        GenesysRequestRejectedError,
        'permanent',
        undefined,
      ],
      ['401 twice', [answer(401)], GenesysCredentialsRejectedError, 'permanent', undefined],
      [
        '500',
        [genesysError(500, 'internal.server.error', 'boom')],
        GenesysUnavailableError,
        'retryable',
        undefined,
      ],
      [
        '503',
        [genesysError(503, 'service.unavailable', 'try later')],
        GenesysUnavailableError,
        'retryable',
        undefined,
      ],
      [
        'a timeout',
        [new GenesysUnavailableError('timeout', 'no answer within 10000 ms')],
        GenesysUnavailableError,
        'retryable',
        undefined,
      ],
    ] as const)('%s → %p (%s)', async (_label, replies, errorClass, kind, delayMs) => {
      const error = await failureOf([...replies]);

      expect(error).toBeInstanceOf(errorClass);
      const classified = classifyError(error);
      expect(classified.kind).toBe(kind);
      if (delayMs !== undefined) expect((error as RetryLaterError).delayMs).toBe(delayMs);
    });

    it('puts Genesys’s error body, shortened, into the reason of a refused request', async () => {
      const error = (await failureOf([
        genesysError(400, 'bad.request', `channel.from.id: is required ${'x'.repeat(1000)}`),
      ])) as PermanentError;

      expect(error.message).toMatch(
        /^Genesys refused the receipt for integration 5f2b6c1e-8d3a-4b7e-9c1d-2a3b4c5d6e7f with 400: bad\.request: channel\.from\.id: is required x+…$/,
      );
      expect(error.message.length).toBeLessThan(500);
    });

    it('counts the request of each outcome by kind, outcome and status', async () => {
      await failureOf([answer(503)]);
      await failureOf([answer(400)]);

      expect(
        await metricValue('switchboard_genesys_requests_total', {
          kind: 'receipt',
          outcome: 'server_error',
          status_code: '503',
        }),
      ).toBe(1);
      expect(
        await metricValue('switchboard_genesys_requests_total', {
          kind: 'receipt',
          outcome: 'rejected',
          status_code: '400',
        }),
      ).toBe(1);
    });
  });

  describe('401', () => {
    it('invalidates the token and retries once at once with a new one', async () => {
      const transport = new ScriptedTransport([answer(401), answer(202)]);

      await expect(clientWith(transport).send(CALL)).resolves.toMatchObject({ status: 202 });

      expect(tokens.invalidated).toEqual([CALL.integrationId]);
      expect(transport.requests.map((request) => request.accessToken)).toEqual([
        `token-${CALL.integrationId}-1`,
        `token-${CALL.integrationId}-2`,
      ]);
    });

    it('dead-letters with a reason naming the credentials after a second 401, and counts it', async () => {
      const transport = new ScriptedTransport([answer(401)]);

      const error = await clientWith(transport)
        .send(CALL)
        .catch((failure: unknown) => failure);

      expect(error).toBeInstanceOf(PermanentError);
      expect((error as Error).message).toMatch(
        /rejected the credentials of integration .*401 with a renewed token too/,
      );
      expect(transport.requests).toHaveLength(2);
      expect(await metricValue('switchboard_genesys_auth_failures_total', { tenant: 'tenant-a' })).toBe(1);
    });
  });

  describe('429', () => {
    it('pauses the integration: its next call waits without reaching Genesys, another integration goes on', async () => {
      const transport = new ScriptedTransport([answer(429, {}, { 'retry-after': '30' }), answer(202)]);
      const sut = clientWith(transport);
      await sut.send(CALL).catch(() => undefined);

      const paused = await sut.send(CALL).catch((error: unknown) => error);
      await sut.send({ ...CALL, integrationId: 'another-integration' });

      expect(paused).toBeInstanceOf(GenesysThrottledError);
      expect((paused as RetryLaterError).delayMs).toBeGreaterThan(29_000);
      expect(transport.requests.map((request) => request.url)).toEqual([
        expect.stringContaining(CALL.integrationId),
        expect.stringContaining('another-integration'),
      ]);
      expect(await metricValue('switchboard_genesys_rate_limited_total', { tenant: 'tenant-a' })).toBe(1);
    });
  });

  describe('tenant rate', () => {
    it('waits in-process for a short wait, then sends', async () => {
      rateWaits = [20];
      const transport = new ScriptedTransport([answer(202)]);

      await clientWith(transport).send(CALL);

      expect(transport.requests).toHaveLength(1);
      expect(
        await metricValue('switchboard_genesys_waits_total', { reason: 'tenant_rate', mode: 'inline' }),
      ).toBe(1);
    });

    it('hands a long wait back to the queue without burning an attempt', async () => {
      rateWaits = [5_000];
      const transport = new ScriptedTransport([answer(202)]);

      const error = await clientWith(transport)
        .send(CALL)
        .catch((failure: unknown) => failure);

      expect(error).toBeInstanceOf(GenesysThrottledError);
      expect((error as RetryLaterError).delayMs).toBe(5_000);
      expect(transport.requests).toHaveLength(0);
    });
  });

  it('turns failures into retries, not dead letters, while Genesys is unavailable', async () => {
    const error = await failureOf([new GenesysUnavailableError('network_error', 'ECONNREFUSED')]);

    expect(error).toBeInstanceOf(RetryableError);
    expect(error).not.toBeInstanceOf(PermanentError);
  });

  it('refuses the calls of a region whose breaker opened, without reaching Genesys and without burning an attempt', async () => {
    const transport = new ScriptedTransport([answer(503, 'unavailable')]);
    const client = clientWith(transport);
    for (let call = 0; call < 5; call += 1) {
      await expect(client.send(CALL)).rejects.toBeInstanceOf(GenesysUnavailableError);
    }

    const refusal = await client.send(CALL).catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(GenesysCircuitOpenError);
    expect((refusal as GenesysCircuitOpenError).region).toBe('eu-west-1');
    expect(refusal).toBeInstanceOf(RetryLaterError);
    expect(transport.requests).toHaveLength(5);
    expect(
      await metricValue('switchboard_genesys_waits_total', { reason: 'circuit_open', mode: 'deferred' }),
    ).toBe(1);
    expect(
      await client.send({ ...CALL, region: 'us-east-1' }).catch((error: unknown) => error),
    ).toBeInstanceOf(GenesysUnavailableError);
  });
});
