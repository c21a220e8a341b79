import {
  startEchoUpstream,
  downloadBytes,
  type EchoUpstream,
  type SeenRequest,
} from '../../testing/echo-upstream.util';
import {
  startFakeAuthService,
  startFakeTenantService,
  type FakeAuthService,
  type FakeTenantService,
} from '../../testing/fake-platform.util';
import { startGateway, type TestGateway } from '../../testing/gateway-harness.util';
import {
  awkwardBytes,
  largeJson,
  multipartBody,
  pieces,
  send,
  sendExpectingContinue,
  sendHeadOnly,
  sha256,
} from '../../testing/test-http.util';
import { UpstreamProxyService } from './upstream-proxy.service';

const FIVE_MB = 5 * 1024 * 1024;
const MAX_REQUEST_BYTES = 6 * 1024 * 1024;

describe(UpstreamProxyService.name, () => {
  let auth: FakeAuthService;
  let tenants: FakeTenantService;
  let upstream: EchoUpstream;
  let sut: TestGateway;
  let bearer: string;

  beforeAll(async () => {
    auth = await startFakeAuthService();
    tenants = await startFakeTenantService(auth);
    upstream = await startEchoUpstream();
    sut = await startGateway({
      authServiceUrl: auth.url,
      tenantServiceUrl: tenants.url,
      upstreamUrls: `auth=${upstream.url},tenants=${upstream.url}`,
      env: {
        MAX_REQUEST_BYTES: String(MAX_REQUEST_BYTES),
        RATE_LIMIT_IP_POINTS: '100000',
        RATE_LIMIT_TENANT_POINTS: '100000',
      },
    });
    bearer = `Bearer ${await auth.userToken()}`;
  });

  afterAll(async () => {
    await sut.close();
    await Promise.all([upstream.close(), tenants.close(), auth.close()]);
  });

  beforeEach(() => {
    upstream.seen.length = 0;
  });

  const lastSeen = (): SeenRequest => {
    expect(upstream.seen).toHaveLength(1);
    return upstream.seen[0];
  };

  describe('request bodies', () => {
    it.each([
      ['with Content-Length', false],
      ['chunked', true],
    ])('delivers a 5 MB JSON body byte-identical (%s)', async (_framing, chunked) => {
      const body = largeJson(FIVE_MB);
      expect(body.length).toBeGreaterThanOrEqual(FIVE_MB);

      const response = await send(`${sut.url}/api/tenants/t-1/imports`, {
        method: 'POST',
        headers: { authorization: bearer, 'content-type': 'application/json; charset=utf-8' },
        body: chunked ? pieces(body, 256 * 1024) : body,
        chunked,
      });

      expect(response.status).toBe(200);
      const seen = lastSeen();
      expect(seen.sha256).toBe(sha256(body));
      expect(seen.bytes).toBe(body.length);
      expect(seen.headers['content-type']).toBe('application/json; charset=utf-8');
      if (chunked) {
        expect(seen.headers['transfer-encoding']).toBe('chunked');
        expect(seen.headers['content-length']).toBeUndefined();
      } else {
        expect(seen.headers['content-length']).toBe(String(body.length));
        expect(seen.headers['transfer-encoding']).toBeUndefined();
      }
    });

    it.each([
      ['with Content-Length', false],
      ['chunked', true],
    ])('delivers a multipart upload with binary content byte-identical (%s)', async (_framing, chunked) => {
      const { body, contentType } = multipartBody(awkwardBytes(3 * 1024 * 1024 + 17));

      const response = await send(`${sut.url}/api/tenants/t-1/media`, {
        method: 'PUT',
        headers: { authorization: bearer, 'content-type': contentType },
        body: chunked ? pieces(body, 100_000) : body,
        chunked,
      });

      expect(response.status).toBe(200);
      const seen = lastSeen();
      expect(seen.method).toBe('PUT');
      expect(seen.sha256).toBe(sha256(body));
      expect(seen.headers['content-type']).toBe(contentType);
    });

    it('delivers a body of any content type untouched, even one that claims to be JSON but is not', async () => {
      const body = Buffer.from('{"broken": tru\u0000e, \xff', 'latin1');

      await send(`${sut.url}/api/tenants/t-1`, {
        method: 'PATCH',
        headers: { authorization: bearer, 'content-type': 'application/json' },
        body,
      });

      expect(lastSeen().sha256).toBe(sha256(body));
    });
  });

  describe('responses', () => {
    it.each([
      ['with Content-Length', '0'],
      ['chunked', '1'],
    ])('streams a 5 MB binary answer back byte-identical (%s)', async (_framing, chunked) => {
      const response = await send(`${sut.url}/api/tenants/t-1/download?bytes=${FIVE_MB}&chunked=${chunked}`, {
        headers: { authorization: bearer },
      });

      expect(response.status).toBe(200);
      expect(sha256(response.body)).toBe(sha256(downloadBytes(FIVE_MB)));
      expect(response.headers['content-type']).toBe('application/octet-stream');
      if (chunked === '1') expect(response.headers['transfer-encoding']).toBe('chunked');
      else expect(response.headers['content-length']).toBe(String(FIVE_MB));
    });

    it('drops hop-by-hop and gateway-owned headers of the answer and keeps the rest, cookies included', async () => {
      const response = await send(`${sut.url}/api/tenants/t-1/download?bytes=10`, {
        headers: { authorization: bearer },
      });

      expect(response.headers['x-upstream-secret-hop']).toBeUndefined();
      expect(response.headers['keep-alive']).toBeUndefined();
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      expect(response.headers['set-cookie']).toEqual([
        'a=1; Path=/api/auth; HttpOnly',
        'b=2; Path=/api/auth; HttpOnly',
      ]);
    });

    it('passes the status and body of an upstream error through unchanged', async () => {
      const response = await send(`${sut.url}/api/tenants/t-1/status/422`, {
        headers: { authorization: bearer },
      });

      expect(response.status).toBe(422);
      expect(response.json()).toEqual({ status: 422 });
    });
  });

  describe('routing', () => {
    it('maps each route explicitly onto its service’s path, query string untouched', async () => {
      await send(`${sut.url}/api/auth/login?next=%2Fhome&x=a+b`, { method: 'POST', body: Buffer.from('{}') });
      await send(`${sut.url}/api/tenants`, { headers: { authorization: bearer } });
      await send(`${sut.url}/api/tenants/t%201/numbers?page=2`, { headers: { authorization: bearer } });

      expect(upstream.seen.map((request) => `${request.method} ${request.url}`)).toEqual([
        'POST /auth/login?next=%2Fhome&x=a+b',
        'GET /tenants',
        'GET /tenants/t%201/numbers?page=2',
      ]);
    });

    it.each([
      '/api/tenants/internal/lookups/1',
      '/api/tenants/INTERNAL/lookups/1',
      '/api/tenants/%69nternal/lookups/1',
      '/api/tenants//internal/lookups/1',
      '/api/auth/internal/jwks',
      '/api/internal/jwks',
    ])('never forwards %s to a service’s internal routes (404)', async (path) => {
      const response = await send(`${sut.url}${path}`, { headers: { authorization: bearer } });

      expect(response.status).toBe(404);
      expect(response.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
      expect(upstream.seen).toHaveLength(0);
    });

    it.each([
      '/api/tenants/../internal/jwks',
      '/api/tenants/%2e%2e/internal',
      '/api/tenants/a%2F..%2Finternal',
    ])('refuses the ambiguous path %s (400) instead of guessing how the service reads it', async (path) => {
      const response = await send(`${sut.url}${path}`, { headers: { authorization: bearer } });

      expect(response.status).toBe(400);
      expect(upstream.seen).toHaveLength(0);
    });

    it('answers 404 for a service the gateway does not know', async () => {
      const response = await send(`${sut.url}/api/billing/invoices`, { headers: { authorization: bearer } });

      expect(response.status).toBe(404);
      expect(response.json()).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: 'no service at /api/billing',
      });
    });
  });

  describe('forwarded headers', () => {
    it('passes credentials on unchanged and adds X-Forwarded-*, the correlation id and the trace', async () => {
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      await send(`${sut.url}/api/tenants/t-1`, {
        headers: {
          authorization: bearer,
          cookie: 'sb_refresh=opaque',
          'x-correlation-id': 'corr-42',
          traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
          'x-forwarded-for': '203.0.113.9',
          'x-forwarded-host': 'evil.example',
          connection: 'keep-alive, x-hop-secret',
          'x-hop-secret': 'for the gateway only',
          'proxy-authorization': 'Basic Zm9vOmJhcg==',
          te: 'trailers',
        },
      });

      const { headers } = lastSeen();
      expect(headers['authorization']).toBe(bearer);
      expect(headers['cookie']).toBe('sb_refresh=opaque');
      expect(headers['x-correlation-id']).toBe('corr-42');
      expect(headers['traceparent']).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
      expect(headers['traceparent']).not.toContain('00f067aa0ba902b7');
      // No proxy is trusted in front of this gateway: the client's own X-Forwarded-* are replaced.
      expect(headers['x-forwarded-for']).toBe('127.0.0.1');
      expect(headers['x-forwarded-proto']).toBe('http');
      expect(headers['x-forwarded-host']).toBe(new URL(sut.url).host);
      expect(headers['host']).toBe(new URL(upstream.url).host);
      expect(headers['x-hop-secret']).toBeUndefined();
      expect(headers['proxy-authorization']).toBeUndefined();
      expect(headers['te']).toBeUndefined();
    });

    it('echoes the correlation id to the client', async () => {
      const response = await send(`${sut.url}/api/tenants/t-1`, {
        headers: { authorization: bearer, 'x-correlation-id': 'corr-43' },
      });

      expect(response.headers['x-correlation-id']).toBe('corr-43');
    });
  });

  describe('size limit', () => {
    it('answers 413 from the Content-Length alone, before the body is sent', async () => {
      const response = await sendHeadOnly(`${sut.url}/api/tenants/t-1/media`, 'POST', MAX_REQUEST_BYTES + 1, {
        authorization: bearer,
        'content-type': 'application/octet-stream',
      });

      expect(response.status).toBe(413);
      expect(response.json()).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
      expect(upstream.seen).toHaveLength(0);
    });

    it('cuts a chunked body with 413 once it grows past the limit', async () => {
      const body = awkwardBytes(MAX_REQUEST_BYTES + 512 * 1024);

      const response = await send(`${sut.url}/api/tenants/t-1/media`, {
        method: 'POST',
        headers: { authorization: bearer, 'content-type': 'application/octet-stream' },
        body: pieces(body, 256 * 1024),
        chunked: true,
        pauseMs: 2,
      });

      expect(response.status).toBe(413);
      expect(response.json()).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
      expect(upstream.seen).toHaveLength(0);
    });

    it('does not invite an oversized body announced with Expect: 100-continue, and invites one that fits', async () => {
      const small = awkwardBytes(1024);
      const headers = { authorization: bearer, 'content-type': 'application/octet-stream' };

      const tooLarge = await sendExpectingContinue(
        `${sut.url}/api/tenants/t-1/media`,
        'POST',
        Buffer.alloc(MAX_REQUEST_BYTES + 1),
        headers,
      );
      const fits = await sendExpectingContinue(`${sut.url}/api/tenants/t-1/media`, 'POST', small, headers);

      expect([tooLarge.status, tooLarge.invited]).toEqual([413, false]);
      expect([fits.status, fits.invited]).toEqual([200, true]);
      expect(lastSeen().sha256).toBe(sha256(small));
      expect(lastSeen().headers['expect']).toBeUndefined();
    });

    it('lets a body of exactly the limit through', async () => {
      const body = awkwardBytes(MAX_REQUEST_BYTES);

      const response = await send(`${sut.url}/api/tenants/t-1/media`, {
        method: 'POST',
        headers: { authorization: bearer, 'content-type': 'application/octet-stream' },
        body: pieces(body, 512 * 1024),
        chunked: true,
      });

      expect(response.status).toBe(200);
      expect(lastSeen().sha256).toBe(sha256(body));
    });
  });
});
