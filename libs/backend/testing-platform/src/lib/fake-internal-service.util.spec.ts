import { FakeInternalService } from './fake-internal-service.util';

describe('FakeInternalService', () => {
  let fake: FakeInternalService<{ name: string }, 'thingId'>;

  beforeEach(async () => {
    fake = await new FakeInternalService<{ name: string }, 'thingId'>(
      { path: /^\/internal\/things\/([^/?]+)$/, keyName: 'thingId', notFoundMessage: 'no such thing' },
      'token-1',
    ).listen();
  });

  afterEach(() => fake.close());

  const lookup = (key: string, token = 'token-1') =>
    fetch(`${fake.baseUrl}/internal/things/${encodeURIComponent(key)}`, {
      headers: { authorization: `Bearer ${token}` },
    });

  it('issues its service token', async () => {
    const response = await fetch(`${fake.baseUrl}/internal/service-tokens`, { method: 'POST' });

    expect(await response.json()).toMatchObject({ access_token: 'token-1' });
  });

  it('answers known keys and records every lookup under the key name', async () => {
    fake.records.set('a/b', { name: 'first' });

    const found = await lookup('a/b');
    const missing = await lookup('other');

    expect(await found.json()).toEqual({ name: 'first' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ statusCode: 404, message: 'no such thing' });
    expect(fake.lookups.map((call) => call.thingId)).toEqual(['a/b', 'other']);
    expect(fake.lookupsOf('a/b')).toBe(1);
  });

  it('refuses a wrong token and answers 503 while down', async () => {
    fake.records.set('x', { name: 'x' });

    expect((await lookup('x', 'wrong')).status).toBe(401);
    fake.down = true;
    expect((await lookup('x')).status).toBe(503);
  });
});
