import {
  clientAddress,
  clientResponseHeaders,
  upstreamRequestHeaders,
  type ClientConnection,
} from './forwarded-headers.util';

const direct: ClientConnection = { remoteAddress: '203.0.113.7', encrypted: false, trustedHops: 0 };
const behindIngress: ClientConnection = { remoteAddress: '10.0.0.2', encrypted: false, trustedHops: 1 };

describe(upstreamRequestHeaders.name, () => {
  it('keeps end-to-end headers and drops hop-by-hop ones, including those Connection names', () => {
    const sut = upstreamRequestHeaders(
      {
        host: 'api.example.com',
        authorization: 'Bearer t',
        'x-api-key': 'k',
        cookie: 'a=1',
        'content-type': 'application/json',
        'content-length': '12',
        connection: 'keep-alive, X-Secret',
        'keep-alive': 'timeout=5',
        'x-secret': 'hop',
        'proxy-authorization': 'Basic x',
        te: 'trailers',
        upgrade: 'websocket',
        expect: '100-continue',
      },
      direct,
      'tenant-service:3009',
      {},
    );

    expect(sut).toEqual({
      host: 'tenant-service:3009',
      authorization: 'Bearer t',
      'x-api-key': 'k',
      cookie: 'a=1',
      'content-type': 'application/json',
      'content-length': '12',
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'api.example.com',
    });
  });

  it('sends a body without Content-Length chunked again, and a request without body as such', () => {
    const chunked = upstreamRequestHeaders({ 'transfer-encoding': 'chunked' }, direct, 'u', {});
    const bodiless = upstreamRequestHeaders({}, direct, 'u', {});

    expect(chunked['transfer-encoding']).toBe('chunked');
    expect(bodiless['transfer-encoding']).toBeUndefined();
  });

  it('replaces the client’s X-Forwarded-* when no proxy in front is trusted', () => {
    const sut = upstreamRequestHeaders(
      {
        host: 'api.example.com',
        'x-forwarded-for': '1.2.3.4',
        'x-forwarded-host': 'evil',
        'x-forwarded-proto': 'https',
        forwarded: 'for=1.2.3.4',
      },
      { ...direct, encrypted: true },
      'u',
      {},
    );

    expect(sut).toMatchObject({
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'api.example.com',
    });
    expect(sut['forwarded']).toBeUndefined();
  });

  it('passes on only the client address resolved through the trusted proxies, not the client’s own entries', () => {
    const sut = upstreamRequestHeaders(
      {
        host: 'gateway:3000',
        'x-forwarded-for': '198.51.100.1, 198.51.100.2',
        'x-forwarded-host': 'api.example.com',
        'x-forwarded-proto': 'https',
      },
      behindIngress,
      'u',
      {},
    );

    expect(sut).toMatchObject({
      'x-forwarded-for': '198.51.100.2',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'api.example.com',
    });
  });

  it('never lets Connection strip the framing or the credentials of a request (no smuggling)', () => {
    const sut = upstreamRequestHeaders(
      {
        connection: 'keep-alive, content-length, authorization, x-custom-hop',
        'content-length': '55',
        authorization: 'Bearer t',
        'x-custom-hop': 'gone',
      },
      direct,
      'u',
      {},
    );

    expect(sut['content-length']).toBe('55');
    expect(sut['authorization']).toBe('Bearer t');
    expect(sut['x-custom-hop']).toBeUndefined();
    expect(sut['connection']).toBeUndefined();
  });

  it('chunks a body that leaves without a Content-Length', () => {
    const sut = upstreamRequestHeaders({ 'transfer-encoding': 'chunked' }, direct, 'u', {});
    expect(sut['transfer-encoding']).toBe('chunked');
    expect(sut['content-length']).toBeUndefined();
  });

  it('puts the request context (correlation id, trace) over the client’s values', () => {
    const sut = upstreamRequestHeaders(
      { 'x-correlation-id': 'client', traceparent: 'client-trace' },
      direct,
      'u',
      { 'x-correlation-id': 'corr-1', traceparent: '00-abc-def-01' },
    );

    expect(sut).toMatchObject({ 'x-correlation-id': 'corr-1', traceparent: '00-abc-def-01' });
  });
});

describe(clientAddress.name, () => {
  it('is the peer when no proxy is trusted, whatever the client claims', () => {
    expect(clientAddress({ 'x-forwarded-for': '1.1.1.1' }, direct)).toBe('203.0.113.7');
  });

  it('is the entry the trusted proxies added', () => {
    expect(clientAddress({ 'x-forwarded-for': '6.6.6.6, 198.51.100.9' }, behindIngress)).toBe('198.51.100.9');
    expect(
      clientAddress({ 'x-forwarded-for': '6.6.6.6, 198.51.100.9' }, { ...behindIngress, trustedHops: 2 }),
    ).toBe('6.6.6.6');
    expect(clientAddress({}, behindIngress)).toBe('10.0.0.2');
  });
});

describe(clientResponseHeaders.name, () => {
  it('drops hop-by-hop and CORS headers, keeps the rest, and lets the gateway’s policy win', () => {
    const sut = clientResponseHeaders(
      {
        'content-type': 'text/csv',
        'content-length': '10',
        'content-disposition': 'attachment; filename="a.csv"',
        'set-cookie': ['a=1', 'b=2'],
        connection: 'keep-alive, x-hop',
        'keep-alive': 'timeout=5',
        'x-hop': '1',
        'transfer-encoding': 'chunked',
        'access-control-allow-origin': '*',
        'x-powered-by': 'Express',
        'x-frame-options': 'ALLOWALL',
        'cache-control': 'no-store',
      },
      (name) => name === 'x-frame-options',
    );

    expect(sut).toEqual({
      'content-type': 'text/csv',
      'content-length': '10',
      'content-disposition': 'attachment; filename="a.csv"',
      'set-cookie': ['a=1', 'b=2'],
      'cache-control': 'no-store',
    });
  });
});
