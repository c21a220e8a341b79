import { ServiceTokenClient } from '@switchboard/backend-util-auth';
import {
  API_KEY_VERIFY_PATH,
  ApiKeyVerificationUnavailableError,
  TenantApiKeyVerifier,
} from './tenant-api-key-verifier.service';

interface Call {
  readonly url: string;
  readonly authorization?: string;
  readonly body?: unknown;
}

/** tenant-service and auth-service behind one fake fetch; answers are queued per path. */
function fakeServices(answers: Array<() => Response>) {
  const calls: Call[] = [];
  let tokens = 0;
  const fetchFn = (async (url: URL, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    if (String(url).endsWith('/internal/service-tokens')) {
      tokens += 1;
      return new Response(JSON.stringify({ access_token: `service-token-${tokens}`, expires_in: 300 }));
    }
    calls.push({
      url: String(url),
      authorization: headers['authorization'],
      body: JSON.parse(String(init.body)),
    });
    const answer = answers.shift();
    if (!answer) throw new Error('no answer queued');
    return answer();
  }) as unknown as typeof fetch;
  return { calls, fetchFn };
}

const json = (status: number, body: unknown) => () => new Response(JSON.stringify(body), { status });

function verifier(answers: Array<() => Response>, ttl = { positiveTtlMs: 60_000, negativeTtlMs: 60_000 }) {
  const services = fakeServices(answers);
  const tokens = new ServiceTokenClient({
    authServiceUrl: 'http://127.0.0.1:3008',
    serviceName: 'api-gateway',
    serviceSecret: 'secret',
    fetch: services.fetchFn,
  });
  const sut = new TenantApiKeyVerifier(
    { tenantServiceUrl: 'http://127.0.0.1:3009', ...ttl, fetch: services.fetchFn },
    tokens,
  );
  return { sut, calls: services.calls };
}

describe(TenantApiKeyVerifier.name, () => {
  it('asks tenant-service with a service token and returns the key’s tenant', async () => {
    const { sut, calls } = verifier([json(200, { keyId: 'k-1', tenantId: 'tenant-b' })]);

    await expect(sut.verify('sb_live_abc')).resolves.toEqual({
      kind: 'api-key',
      keyId: 'k-1',
      tenantId: 'tenant-b',
      role: 'tenant-admin',
    });
    expect(calls).toEqual([
      {
        url: `http://127.0.0.1:3009${API_KEY_VERIFY_PATH}`,
        authorization: 'Bearer service-token-1',
        body: { key: 'sb_live_abc' },
      },
    ]);
  });

  it.each([
    ['404', json(404, { message: 'unknown' })],
    ['valid: false', json(200, { valid: false })],
  ])('reads %s as an invalid key', async (_answer, answer) => {
    const { sut } = verifier([answer]);

    await expect(sut.verify('sb_live_abc')).resolves.toBeNull();
  });

  it('remembers both verdicts until their TTL', async () => {
    const { sut, calls } = verifier([json(200, { keyId: 'k', tenantId: 't' }), json(404, {})]);

    for (let round = 0; round < 3; round += 1) {
      await sut.verify('valid-key');
      await sut.verify('invalid-key');
    }

    expect(calls).toHaveLength(2);
  });

  it('asks again once a verdict expired', async () => {
    const { sut, calls } = verifier([json(404, {}), json(200, { keyId: 'k', tenantId: 't' })], {
      positiveTtlMs: 60_000,
      negativeTtlMs: 20,
    });

    await expect(sut.verify('new-key')).resolves.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 40));

    await expect(sut.verify('new-key')).resolves.toMatchObject({ tenantId: 't' });
    expect(calls).toHaveLength(2);
  });

  it('renews its service token once when tenant-service refuses it', async () => {
    const { sut, calls } = verifier([json(401, {}), json(200, { keyId: 'k', tenantId: 't' })]);

    await expect(sut.verify('key')).resolves.toMatchObject({ tenantId: 't' });
    expect(calls.map((call) => call.authorization)).toEqual([
      'Bearer service-token-1',
      'Bearer service-token-2',
    ]);
  });

  it.each([
    ['a 500', [json(500, {})]],
    ['an unknown shape', [json(200, { tenant: 't' })]],
    ['a refused token, twice', [json(401, {}), json(401, {})]],
  ])('reports tenant-service as unavailable on %s, and does not remember it', async (_what, failures) => {
    const { sut, calls } = verifier([...failures, json(200, { keyId: 'k', tenantId: 't' })]);

    await expect(sut.verify('key')).rejects.toBeInstanceOf(ApiKeyVerificationUnavailableError);
    await expect(sut.verify('key')).resolves.toMatchObject({ tenantId: 't' });
    expect(calls).toHaveLength(failures.length + 1);
  });

  it('refuses what cannot be a key without asking', async () => {
    const { sut, calls } = verifier([]);

    await expect(sut.verify('x'.repeat(257))).resolves.toBeNull();
    await expect(sut.verify('has space')).resolves.toBeNull();
    expect(calls).toHaveLength(0);
  });
});
