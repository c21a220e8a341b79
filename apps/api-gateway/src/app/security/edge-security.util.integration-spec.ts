import net from 'node:net';
import { startEchoUpstream, type EchoUpstream } from '../../testing/echo-upstream.util';
import {
  startFakeAuthService,
  startFakeTenantService,
  type FakeAuthService,
  type FakeTenantService,
} from '../../testing/fake-platform.util';
import { startGateway, type TestGateway } from '../../testing/gateway-harness.util';
import { send } from '../../testing/test-http.util';
import { applyEdgeSecurity } from './edge-security.util';
import { UNREAD_BODY_GRACE_MS } from './unread-body.middleware';

const ALLOWED = 'https://portal.example.test';
const OTHER = 'https://evil.example.test';
const MAX_REQUEST_BYTES = 64 * 1024;

describe(applyEdgeSecurity.name, () => {
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
        CORS_ALLOWED_ORIGINS: `${ALLOWED},http://127.0.0.1:3013`,
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

  describe('CORS', () => {
    it('answers a preflight from an allowed origin itself, credentials allowed', async () => {
      const response = await send(`${sut.url}/api/tenants/t-1`, {
        method: 'OPTIONS',
        headers: {
          origin: ALLOWED,
          'access-control-request-method': 'PATCH',
          'access-control-request-headers': 'authorization, content-type, x-correlation-id',
        },
      });

      expect(response.status).toBe(204);
      expect(response.headers['access-control-allow-origin']).toBe(ALLOWED);
      expect(response.headers['access-control-allow-credentials']).toBe('true');
      expect(response.headers['access-control-allow-methods']).toContain('PATCH');
      expect(response.headers['access-control-allow-headers']).toBe(
        'authorization, content-type, x-correlation-id',
      );
      expect(response.headers['access-control-max-age']).toBe('600');
      expect(upstream.seen).toHaveLength(0);
    });

    it('gives an allowed origin its CORS headers on the proxied answer, replacing the service’s', async () => {
      const response = await send(`${sut.url}/api/tenants/t-1/download?bytes=4`, {
        headers: { origin: ALLOWED, authorization: bearer },
      });

      expect(response.status).toBe(200);
      expect(response.headers['access-control-allow-origin']).toBe(ALLOWED);
      expect(response.headers['access-control-allow-credentials']).toBe('true');
      expect(response.headers['access-control-expose-headers']).toContain('x-correlation-id');
      expect(response.headers['vary']).toMatch(/Origin/);
    });

    it('gives any other origin no CORS headers at all, on preflights and answers alike', async () => {
      const preflight = await send(`${sut.url}/api/tenants/t-1`, {
        method: 'OPTIONS',
        headers: { origin: OTHER, 'access-control-request-method': 'DELETE' },
      });
      // The service's own `Access-Control-Allow-Origin: *` must not leak through either.
      const answer = await send(`${sut.url}/api/tenants/t-1/download?bytes=4`, {
        headers: { origin: OTHER, authorization: bearer },
      });

      for (const response of [preflight, answer]) {
        expect(Object.keys(response.headers).filter((name) => name.startsWith('access-control-'))).toEqual(
          [],
        );
      }
    });
  });

  describe('security headers', () => {
    it.each([
      ['a proxied answer', '/api/tenants/t-1', true],
      ['an error of the gateway', '/api/tenants/t-1', false],
      ['an unknown path', '/nowhere', false],
    ])(
      'sets HSTS, no-sniff, no framing, no referrer and a strict CSP on %s',
      async (_what, path, signedIn) => {
        const response = await send(`${sut.url}${path}`, {
          headers: signedIn ? { authorization: bearer } : {},
        });

        expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        expect(response.headers['x-frame-options']).toBe('DENY');
        expect(response.headers['referrer-policy']).toBe('no-referrer');
        expect(response.headers['content-security-policy']).toBe(
          "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'",
        );
        expect(response.headers['x-powered-by']).toBeUndefined();
      },
    );

    it('keeps its own policy when a service sends a weaker one', async () => {
      upstream.override((_req, res) => {
        res.writeHead(200, {
          'content-type': 'text/html',
          'content-security-policy': "default-src *; script-src 'unsafe-inline'",
          'x-frame-options': 'ALLOWALL',
        });
        res.end('<p>hi</p>');
      });
      try {
        const response = await send(`${sut.url}/api/tenants/t-1`, { headers: { authorization: bearer } });

        expect(response.headers['content-security-policy']).toBe(
          "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'",
        );
        expect(response.headers['x-frame-options']).toBe('DENY');
        expect(response.body.toString()).toBe('<p>hi</p>');
      } finally {
        upstream.override(undefined);
      }
    });
  });

  describe('refused requests', () => {
    it('reads the rest of a refused body only up to MAX_REQUEST_BYTES, then cuts the connection', async () => {
      // Far more than the socket buffers of the loopback interface can hold.
      const limit = 64 * 1024 * 1024;
      const started = Date.now();

      const { head, written, closed } = await pushEndlessBody(sut.url, '/api/tenants/t-1', limit);

      expect(head).toMatch(/^HTTP\/1\.1 401 /);
      expect(closed).toBe(true);
      expect(written).toBeLessThan(limit);
      // Cut for the bytes, not after the grace period.
      expect(Date.now() - started).toBeLessThan(UNREAD_BODY_GRACE_MS);
      expect(upstream.seen).toHaveLength(0);
    });
  });
});

/**
 * Sends a chunked body without credentials, 16 KB at a time, until `limit` bytes went out or the
 * gateway closed the connection. Returns the status line received and how much was written.
 */
function pushEndlessBody(baseUrl: string, path: string, limit: number) {
  const { hostname, port } = new URL(baseUrl);
  return new Promise<{ head: string; written: number; closed: boolean }>((resolve) => {
    const socket = net.connect(Number(port), hostname);
    let head = '';
    let written = 0;
    let closed = false;
    socket.on('data', (data) => {
      head += data.toString('latin1');
    });
    const finish = () => resolve({ head: head.split('\r\n')[0] ?? '', written, closed });
    socket.on('error', () => {
      closed = true;
    });
    socket.on('close', () => {
      closed = true;
      finish();
    });
    socket.write(`POST ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nTransfer-Encoding: chunked\r\n\r\n`);
    const chunk = Buffer.alloc(16 * 1024, 0x61);
    const pump = () => {
      while (!closed && written < limit) {
        written += chunk.length;
        const more =
          socket.write(`${chunk.length.toString(16)}\r\n`) && socket.write(chunk) && socket.write('\r\n');
        if (!more) {
          socket.once('drain', pump);
          return;
        }
      }
      if (!closed) {
        // Everything went out: the gateway kept reading. End the request and report.
        socket.end('0\r\n\r\n');
        setTimeout(() => socket.destroy(), 500);
      }
    };
    socket.on('connect', pump);
  });
}
