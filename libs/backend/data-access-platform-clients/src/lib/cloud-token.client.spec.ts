import type { ServiceTokenClient } from '@switchboard/backend-util-auth';
import { CloudTokenClient } from './cloud-token.client';
import { InternalRequestRejectedError } from './internal-http.client';

describe(CloudTokenClient.name, () => {
  let now = Date.parse('2026-11-26T10:00:00Z');
  const tokens = { headers: async () => ({ authorization: 'Bearer s' }), invalidate: () => undefined };

  function build(answers: Array<() => Response>) {
    const calls: Array<{ method: string; url: string }> = [];
    const fetch = jest.fn(async (url: URL, init: RequestInit) => {
      calls.push({ method: String(init.method), url: url.pathname });
      const next = answers.shift();
      if (!next) throw new Error('no answer left');
      return next();
    });
    const sut = new CloudTokenClient({
      baseUrl: 'http://127.0.0.1:9',
      serviceTokens: tokens as unknown as ServiceTokenClient,
      fetch: fetch as unknown as typeof globalThis.fetch,
      now: () => now,
      maxLocalTtlMs: 300_000,
    });
    return { sut, calls };
  }

  const token = (accessToken: string, expiresAt: string | null) => () =>
    new Response(JSON.stringify({ accessToken, expiresAt }), { status: 200 });

  it('reuses a token locally for at most the local ttl', async () => {
    const { sut, calls } = build([token('a', null), token('b', null)]);

    expect(await sut.genesysToken('int-1')).toBe('a');
    now += 299_000;
    expect(await sut.genesysToken('int-1')).toBe('a');
    now += 1_000;
    expect(await sut.genesysToken('int-1')).toBe('b');
    expect(calls.map((c) => c.url)).toEqual([
      '/internal/genesys-tokens/int-1',
      '/internal/genesys-tokens/int-1',
    ]);
  });

  it('does not reuse a token that expires within a minute', async () => {
    const soon = new Date(now + 30_000).toISOString();
    const { sut } = build([token('a', soon), token('b', null)]);

    expect(await sut.whatsAppToken('109')).toBe('a');
    expect(await sut.whatsAppToken('109')).toBe('b');
  });

  it('drops the local copy and asks the broker to forget on invalidate', async () => {
    const { sut, calls } = build([
      token('a', null),
      () => new Response(null, { status: 204 }),
      token('b', null),
    ]);

    await sut.genesysToken('int-1');
    await sut.invalidateGenesysToken('int-1');

    expect(await sut.genesysToken('int-1')).toBe('b');
    expect(calls[1]).toEqual({ method: 'DELETE', url: '/internal/genesys-tokens/int-1' });
  });

  it('turns "no credentials" into a permanent rejection', async () => {
    const { sut } = build([() => new Response('{}', { status: 404 })]);

    await expect(sut.genesysToken('int-x')).rejects.toBeInstanceOf(InternalRequestRejectedError);
  });
});
