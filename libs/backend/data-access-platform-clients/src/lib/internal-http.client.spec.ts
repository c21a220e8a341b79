import type { ServiceTokenClient } from '@switchboard/backend-util-auth';
import { z } from 'zod';
import {
  InternalHttpClient,
  InternalRequestRejectedError,
  InternalServiceUnavailableError,
} from './internal-http.client';

function fakeTokens() {
  let version = 1;
  return {
    headers: jest.fn(async () => ({ authorization: `Bearer token-${version}` })),
    invalidate: jest.fn(() => {
      version += 1;
    }),
  };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe(InternalHttpClient.name, () => {
  const schema = z.object({ name: z.string() });

  function build(fetch: jest.Mock) {
    const tokens = fakeTokens();
    const sut = new InternalHttpClient({
      baseUrl: 'http://127.0.0.1:9',
      audience: 'state-manager',
      serviceTokens: tokens as unknown as ServiceTokenClient,
      fetch: fetch as unknown as typeof globalThis.fetch,
    });
    return { sut, tokens };
  }

  it('sends the service token and query, and returns the validated body', async () => {
    const fetch = jest.fn(async () => json(200, { name: 'ok' }));
    const { sut } = build(fetch);

    const result = await sut.request({ method: 'GET', path: '/x', query: { a: '1' }, schema });

    expect(result).toEqual({ name: 'ok' });
    const [url, init] = fetch.mock.calls[0] as unknown as [URL, RequestInit];
    expect(url.toString()).toBe('http://127.0.0.1:9/x?a=1');
    expect((init.headers as Record<string, string>).authorization).toBe('Bearer token-1');
  });

  it('keeps a path in the base URL', async () => {
    const fetch = jest.fn(async () => json(200, { name: 'ok' }));
    const sut = new InternalHttpClient({
      baseUrl: 'http://127.0.0.1:9/state-manager',
      audience: 'state-manager',
      serviceTokens: fakeTokens() as unknown as ServiceTokenClient,
      fetch: fetch as unknown as typeof globalThis.fetch,
    });

    await sut.request({ method: 'GET', path: '/internal/x', schema });

    expect((fetch.mock.calls[0] as unknown as [URL])[0].toString()).toBe(
      'http://127.0.0.1:9/state-manager/internal/x',
    );
  });

  it('renews the service token once after a 401', async () => {
    const fetch = jest
      .fn()
      .mockResolvedValueOnce(json(401, {}))
      .mockResolvedValueOnce(json(200, { name: 'ok' }));
    const { sut, tokens } = build(fetch);

    await expect(sut.request({ method: 'GET', path: '/x', schema })).resolves.toEqual({ name: 'ok' });
    expect(tokens.invalidate).toHaveBeenCalledWith('state-manager');
    const init = fetch.mock.calls[1][1] as RequestInit;
    expect((init.headers as Record<string, string>).authorization).toBe('Bearer token-2');
  });

  it('answers null for 404', async () => {
    const { sut } = build(jest.fn(async () => json(404, { message: 'nope' })));

    await expect(sut.request({ method: 'GET', path: '/x', schema })).resolves.toBeNull();
  });

  it.each([500, 503, 429])('makes %i a retryable unavailability', async (status) => {
    const { sut } = build(jest.fn(async () => json(status, {})));

    await expect(sut.request({ method: 'GET', path: '/x', schema })).rejects.toBeInstanceOf(
      InternalServiceUnavailableError,
    );
  });

  it('makes a 5xx that says it is final (retryable: false) a permanent rejection', async () => {
    const { sut } = build(
      jest.fn(async () => json(502, { message: 'Genesys refused the client', retryable: false })),
    );

    await expect(sut.request({ method: 'GET', path: '/x', schema })).rejects.toBeInstanceOf(
      InternalRequestRejectedError,
    );
  });

  it('makes other 4xx a permanent rejection that quotes the answer', async () => {
    const { sut } = build(jest.fn(async () => json(400, { message: 'phoneNumberId is required' })));

    const error = await sut
      .request({ method: 'POST', path: '/x', body: {}, schema })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InternalRequestRejectedError);
    expect((error as Error).message).toContain('phoneNumberId is required');
  });

  it('makes a network failure and an unexpected body retryable', async () => {
    const down = build(jest.fn(async () => Promise.reject(new TypeError('fetch failed'))));
    const odd = build(jest.fn(async () => json(200, { other: 1 })));

    await expect(down.sut.request({ method: 'GET', path: '/x', schema })).rejects.toBeInstanceOf(
      InternalServiceUnavailableError,
    );
    await expect(odd.sut.request({ method: 'GET', path: '/x', schema })).rejects.toThrow(
      /unexpected body: name/,
    );
  });
});
