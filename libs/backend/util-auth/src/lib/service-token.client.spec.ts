import { ServiceTokenClient, ServiceTokenError } from './service-token.client';

function fakeAuthService(expiresIn = 300) {
  const calls: { url: string; authorization: string; body: unknown }[] = [];
  const fetchFn = (async (url: URL, init: RequestInit) => {
    calls.push({
      url: String(url),
      authorization: (init.headers as Record<string, string>)['authorization'],
      body: JSON.parse(String(init.body)),
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    return new Response(JSON.stringify({ access_token: `token-${calls.length}`, expires_in: expiresIn }), {
      status: 200,
    });
  }) as unknown as typeof fetch;
  return { calls, fetchFn };
}

describe(ServiceTokenClient.name, () => {
  it('asks auth-service once for concurrent requests of one audience, with Basic client credentials', async () => {
    const { calls, fetchFn } = fakeAuthService();
    const sut = new ServiceTokenClient({
      authServiceUrl: 'http://127.0.0.1:3008',
      serviceName: 'state-manager',
      serviceSecret: 's3cret-for-tests',
      fetch: fetchFn,
    });
    const tokens = await Promise.all(Array.from({ length: 20 }, () => sut.token('tenant-service')));
    expect(new Set(tokens)).toEqual(new Set(['token-1']));
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('http://127.0.0.1:3008/internal/service-tokens');
    expect(calls[0].authorization).toBe(
      `Basic ${Buffer.from('state-manager:s3cret-for-tests').toString('base64')}`,
    );
    expect(calls[0].body).toEqual({ audience: 'tenant-service' });
  });

  it('keeps one token per audience and fetches a new one after an invalidation', async () => {
    const { calls, fetchFn } = fakeAuthService();
    const sut = new ServiceTokenClient({
      authServiceUrl: 'http://127.0.0.1:1',
      serviceName: 's',
      serviceSecret: 'x',
      fetch: fetchFn,
    });
    await sut.token('a');
    await sut.token('b');
    await sut.token('a');
    expect(calls).toHaveLength(2);
    sut.invalidate('a');
    expect(await sut.token('a')).toBe('token-3');
  });

  it('renews a token once 80 % of its lifetime has passed', async () => {
    const { calls, fetchFn } = fakeAuthService(1);
    const sut = new ServiceTokenClient({
      authServiceUrl: 'http://127.0.0.1:1',
      serviceName: 's',
      serviceSecret: 'x',
      fetch: fetchFn,
    });
    await sut.token('a');
    await new Promise((resolve) => setTimeout(resolve, 850));
    await sut.token('a');
    expect(calls).toHaveLength(2);
  });

  it('reports a refusal with the HTTP status', async () => {
    const fetchFn = (async () => new Response('no', { status: 401 })) as unknown as typeof fetch;
    const sut = new ServiceTokenClient({
      authServiceUrl: 'http://127.0.0.1:1',
      serviceName: 's',
      serviceSecret: 'x',
      fetch: fetchFn,
    });
    await expect(sut.token('a')).rejects.toThrow(ServiceTokenError);
    await expect(sut.token('a')).rejects.toThrow(/HTTP 401/);
  });
});
