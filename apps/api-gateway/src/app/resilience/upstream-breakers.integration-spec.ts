import { downloadBytes, startEchoUpstream, type EchoUpstream } from '../../testing/echo-upstream.util';
import {
  startFakeAuthService,
  startFakeTenantService,
  type FakeAuthService,
  type FakeTenantService,
} from '../../testing/fake-platform.util';
import { startGateway, type TestGateway } from '../../testing/gateway-harness.util';
import { closedPortUrl, send, sha256, type TestResponse } from '../../testing/test-http.util';
import http from 'node:http';
import { UpstreamBreakers } from './upstream-breakers.service';

const TIMEOUT_MS = 400;
const RESET_MS = 1000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe(UpstreamBreakers.name, () => {
  let auth: FakeAuthService;
  let tenants: FakeTenantService;
  let upstream: EchoUpstream;
  let sut: TestGateway | undefined;
  let bearer: string;

  const start = async (tenantsUrl: string, env: Record<string, string> = {}): Promise<TestGateway> => {
    sut = await startGateway({
      authServiceUrl: auth.url,
      tenantServiceUrl: tenants.url,
      upstreamUrls: `auth=${upstream.url},tenants=${tenantsUrl}`,
      env: {
        UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS),
        BREAKER_RESET_TIMEOUT_MS: String(RESET_MS),
        RATE_LIMIT_IP_POINTS: '100000',
        RATE_LIMIT_TENANT_POINTS: '100000',
        ...env,
      },
    });
    return sut;
  };

  const timed = async (work: Promise<TestResponse>): Promise<{ response: TestResponse; ms: number }> => {
    const started = Date.now();
    const response = await work;
    return { response, ms: Date.now() - started };
  };

  const get = (gateway: TestGateway, path: string) =>
    send(`${gateway.url}${path}`, { headers: { authorization: bearer } });

  beforeAll(async () => {
    auth = await startFakeAuthService();
    tenants = await startFakeTenantService(auth);
    upstream = await startEchoUpstream();
    bearer = `Bearer ${await auth.userToken()}`;
  });

  beforeEach(() => {
    upstream.seen.length = 0;
    upstream.override(undefined);
  });

  afterEach(async () => {
    await sut?.close();
    sut = undefined;
  });

  afterAll(async () => {
    await Promise.all([upstream.close(), tenants.close(), auth.close()]);
  });

  it('answers 503 at once when the upstream refuses the connection', async () => {
    const gateway = await start(await closedPortUrl());

    const { response, ms } = await timed(get(gateway, '/api/tenants/t-1'));

    expect(response.status).toBe(503);
    expect(ms).toBeLessThan(1000);
    expect(response.json()).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'tenant-service is unreachable (ECONNREFUSED)',
    });
  });

  it('answers 504 when the upstream stays silent longer than UPSTREAM_TIMEOUT_MS', async () => {
    const gateway = await start(upstream.url);

    const { response, ms } = await timed(get(gateway, '/api/tenants/t-1/slow?ms=3000'));

    expect(response.status).toBe(504);
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(ms).toBeLessThan(TIMEOUT_MS + 1000);
    expect(response.json()).toEqual({
      statusCode: 504,
      error: 'Gateway Timeout',
      message: `tenant-service did not answer within ${TIMEOUT_MS} ms`,
    });
  });

  it('opens after 5 failures in a row, answers 503 with Retry-After without calling, then half-opens', async () => {
    const gateway = await start(upstream.url);

    const failures = [];
    for (let attempt = 0; attempt < 5; attempt += 1)
      failures.push((await get(gateway, '/api/tenants/t/status/503')).status);
    const { response: open, ms } = await timed(get(gateway, '/api/tenants/t-1'));
    const metricsWhileOpen = (await send(`${gateway.url}/metrics`)).body.toString();

    expect(failures).toEqual([503, 503, 503, 503, 503]);
    expect(upstream.seen).toHaveLength(5);
    expect(open.status).toBe(503);
    expect(ms).toBeLessThan(100);
    expect(open.json().message).toMatch(/^tenant-service is unavailable: circuit open, retry in 1 s$/);
    expect(open.headers['retry-after']).toBe('1');
    expect(metricsWhileOpen).toContain('gateway_circuit_breaker_state{upstream="tenant-service"} 2');
    expect(metricsWhileOpen).toMatch(
      /gateway_upstream_requests_total\{upstream="tenant-service",method="GET",outcome="circuit-open",status_code="503"\} 1/,
    );

    await sleep(RESET_MS + 100);
    const probe = await get(gateway, '/api/tenants/t-1');
    const afterProbe = await get(gateway, '/api/tenants/t-2');
    const metricsClosed = (await send(`${gateway.url}/metrics`)).body.toString();

    expect([probe.status, afterProbe.status]).toEqual([200, 200]);
    expect(upstream.seen).toHaveLength(7);
    expect(metricsClosed).toContain('gateway_circuit_breaker_state{upstream="tenant-service"} 0');
    expect(metricsClosed).toMatch(
      /gateway_upstream_response_seconds_count\{upstream="tenant-service",outcome="response"\} \d+/,
    );
  });

  it('opens again at once when the half-open probe fails', async () => {
    const gateway = await start(await closedPortUrl());

    for (let attempt = 0; attempt < 5; attempt += 1) await get(gateway, '/api/tenants/t');
    await sleep(RESET_MS + 100);
    const probe = await get(gateway, '/api/tenants/t');
    const next = await get(gateway, '/api/tenants/t');

    expect(probe.json().message).toBe('tenant-service is unreachable (ECONNREFUSED)');
    expect(next.json().message).toMatch(/circuit open/);
  });

  it('opens when more than half of at least 20 calls in the window failed, without 5 in a row', async () => {
    const gateway = await start(upstream.url);

    const statuses = [];
    for (let attempt = 0; attempt < 21; attempt += 1) {
      const path = attempt % 3 === 2 ? '/api/tenants/t' : '/api/tenants/t/status/502';
      statuses.push((await get(gateway, path)).status);
    }
    const next = await get(gateway, '/api/tenants/t');

    // The first 20 reach the service (502 or 200 as it answers); the 20th failure tips the rate.
    expect(statuses.slice(0, 20).every((status) => status === 200 || status === 502)).toBe(true);
    expect(next.status).toBe(503);
    expect(next.json().message).toMatch(/circuit open/);
  });

  it('keeps one breaker per service: an open tenant-service circuit leaves auth-service reachable', async () => {
    const gateway = await start(await closedPortUrl());

    for (let attempt = 0; attempt < 6; attempt += 1) await get(gateway, '/api/tenants/t');
    const tenantsResponse = await get(gateway, '/api/tenants/t');
    const authResponse = await send(`${gateway.url}/api/auth/login`, {
      method: 'POST',
      body: Buffer.from('{}'),
    });

    expect(tenantsResponse.json().message).toMatch(/circuit open/);
    expect(authResponse.status).toBe(200);
  });

  it('does not count a client’s own mistakes (too large) against the upstream', async () => {
    const gateway = await start(upstream.url, { MAX_REQUEST_BYTES: '10' });

    const statuses = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      statuses.push(
        (
          await send(`${gateway.url}/api/tenants/t`, {
            method: 'POST',
            headers: { authorization: bearer },
            body: [Buffer.alloc(8), Buffer.alloc(8)],
            chunked: true,
          })
        ).status,
      );
    }
    const afterwards = await get(gateway, '/api/tenants/t');

    expect(statuses).toEqual([413, 413, 413, 413, 413, 413]);
    expect(afterwards.status).toBe(200);
  });

  it('lets a slow client pause longer than the timeout while sending its body', async () => {
    const gateway = await start(upstream.url);
    const body = Buffer.from('{"part":1}{"part":2}');

    const response = await send(`${gateway.url}/api/tenants/t/imports`, {
      method: 'POST',
      headers: { authorization: bearer, 'content-type': 'application/json' },
      body: [body.subarray(0, 10), body.subarray(10)],
      chunked: true,
      pauseMs: TIMEOUT_MS * 3,
    });

    expect(response.status).toBe(200);
    expect(upstream.seen[0].sha256).toBe(sha256(body));
  });

  it('lets a slow client take longer than the timeout to read a large answer', async () => {
    const gateway = await start(upstream.url);
    const size = 48 * 1024 * 1024;

    const received = await readSlowly(
      `${gateway.url}/api/tenants/t/download?bytes=${size}`,
      bearer,
      TIMEOUT_MS * 3,
    );

    expect(received.length).toBe(size);
    expect(sha256(received)).toBe(sha256(downloadBytes(size)));
  });

  it('cuts the client’s answer when the upstream dies in the middle of it', async () => {
    const gateway = await start(upstream.url);
    upstream.override((_req, res) => {
      res.writeHead(200, { 'content-length': '100000', 'content-type': 'application/octet-stream' });
      res.write(Buffer.alloc(1000));
      setTimeout(() => res.socket?.destroy(), 20);
    });

    const outcome = await get(gateway, '/api/tenants/t').catch((error: Error) => error);

    expect(outcome).toMatchObject({ message: expect.stringMatching(/aborted|ECONNRESET|socket hang up/) });
  });
});

/** GETs `url` but reads nothing of the answer for `pauseMs`, then all of it. */
function readSlowly(url: string, authorization: string, pauseMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { authorization }, agent: false }, (res) => {
      res.pause();
      const chunks: Buffer[] = [];
      setTimeout(() => {
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(Buffer.concat(chunks)));
        res.on('error', reject);
        res.resume();
      }, pauseMs);
    });
    req.on('error', reject);
  });
}
