import {
  FakeServiceTokenIssuer,
  sendJson,
  startLoopbackServer,
  takeInjectedFailure,
  type LoopbackServer,
} from './loopback-json-server.util';

describe('takeInjectedFailure', () => {
  it('fails the next N calls whose path contains the key, then lets them through', () => {
    const failures = new Map([['/lookup/', 2]]);
    expect(takeInjectedFailure(failures, '/internal/other')).toBe(false);
    expect(takeInjectedFailure(failures, '/internal/lookup/1')).toBe(true);
    expect(takeInjectedFailure(failures, '/internal/lookup/2')).toBe(true);
    expect(takeInjectedFailure(failures, '/internal/lookup/3')).toBe(false);
  });
});

describe('startLoopbackServer with a FakeServiceTokenIssuer', () => {
  const issuer = new FakeServiceTokenIssuer('a-service', 'a-secret');
  let server: LoopbackServer;

  beforeAll(async () => {
    server = await startLoopbackServer((request, response, body) => {
      if (issuer.handledTokenRequest(request, response) || !issuer.authorized(request, response)) return;
      if (body === 'boom') throw new Error('handler failed');
      sendJson(response, 200, { echoed: body });
    });
  });

  afterAll(() => server.close());

  const basic = (name: string, secret: string) =>
    `Basic ${Buffer.from(`${name}:${secret}`).toString('base64')}`;

  it('listens on loopback', () => {
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('issues a service token for the right client credentials and accepts it afterwards', async () => {
    const issued = await fetch(`${server.baseUrl}/internal/service-tokens`, {
      method: 'POST',
      headers: { authorization: basic('a-service', 'a-secret') },
    });
    expect(issued.status).toBe(200);
    const { access_token: token } = (await issued.json()) as { access_token: string };
    const answer = await fetch(`${server.baseUrl}/internal/anything`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: 'hello',
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ echoed: 'hello' });
  });

  it('refuses wrong client credentials and unknown bearer tokens, and counts them', async () => {
    const before = issuer.refusedCalls();
    const badCredentials = await fetch(`${server.baseUrl}/internal/service-tokens`, {
      method: 'POST',
      headers: { authorization: basic('a-service', 'wrong') },
    });
    const unknownToken = await fetch(`${server.baseUrl}/internal/anything`, {
      headers: { authorization: 'Bearer svc-made-up' },
    });
    expect([badCredentials.status, unknownToken.status]).toEqual([401, 401]);
    expect(issuer.refusedCalls()).toBe(before + 2);
  });

  it('answers 502 with the message when the handler throws', async () => {
    const issued = await fetch(`${server.baseUrl}/internal/service-tokens`, {
      method: 'POST',
      headers: { authorization: basic('a-service', 'a-secret') },
    });
    const { access_token: token } = (await issued.json()) as { access_token: string };
    const answer = await fetch(`${server.baseUrl}/internal/anything`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: 'boom',
    });
    expect(answer.status).toBe(502);
    expect(await answer.json()).toEqual({ message: 'handler failed' });
  });
});
