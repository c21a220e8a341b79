import { inboundTextMessage, messagePath } from '../../testing/inbound-message.fixture';
import {
  basicAuth,
  SimulatorTestApp,
  startSimulator,
  TEST_CLIENT_ID,
  TEST_CLIENT_SECRET,
  TEST_INTEGRATION_ID,
} from '../../testing/simulator-test-app.util';
import { FaultInjectionMiddleware } from './fault-injection.middleware';

const OTHER_INTEGRATION = {
  id: 'other-integration',
  name: 'Other',
  outboundNotificationWebhookUrl: 'http://127.0.0.1:9/other',
  outboundNotificationWebhookSignatureSecretToken: 'other-webhook-secret',
};

describe(FaultInjectionMiddleware.name, () => {
  let sut: SimulatorTestApp;
  let token: string;

  beforeEach(async () => {
    sut = await startSimulator({ SEED_INTEGRATIONS: JSON.stringify([OTHER_INTEGRATION]) });
    token = await sut.token();
  });

  afterEach(() => sut.close());

  const addFault = async (rule: object) =>
    (await sut.http().post('/control/faults').send(rule).expect(201)).body as { id: string };

  const postMessage = (integrationId = TEST_INTEGRATION_ID) =>
    sut
      .http()
      .post(messagePath(integrationId))
      .set('Authorization', `Bearer ${token}`)
      .send(inboundTextMessage());

  const requestToken = () =>
    sut
      .http()
      .post('/oauth/token')
      .set('Authorization', basicAuth(TEST_CLIENT_ID, TEST_CLIENT_SECRET))
      .type('form')
      .send({ grant_type: 'client_credentials' });

  it('answers 429 with Retry-After and the Genesys rate-limit body for the next N requests, then normally', async () => {
    await addFault({ kind: 'rate-limit', count: 2, retryAfterSeconds: 42 });

    const first = await postMessage().expect(429);
    await postMessage().expect(429);
    await postMessage().expect(200);

    expect(first.headers['retry-after']).toBe('42');
    expect(first.body).toEqual({
      message: 'Rate limit exceeded the maximum. Retry the request in [42] seconds',
      code: 'too.many.requests.retry.after',
      status: 429,
      contextId: expect.any(String),
      details: [],
      errors: [],
    });
    expect(Object.keys(first.body as object)).toEqual([
      'message',
      'code',
      'status',
      'contextId',
      'details',
      'errors',
    ]);
    expect((await sut.http().get('/control/faults').expect(200)).body).toEqual([]);
  });

  it('answers the chosen 5xx with a Genesys error body', async () => {
    await addFault({ kind: 'server-error', status: 502, count: 1 });

    const failed = await postMessage().expect(502);
    await postMessage().expect(200);

    expect(failed.body).toMatchObject({ status: 502, code: 'bad.gateway', message: expect.any(String) });
  });

  it('delays answers by delayMs without changing them', async () => {
    await addFault({ kind: 'delay', delayMs: 300, count: 1 });

    const slowStart = Date.now();
    await postMessage().expect(200);
    const slow = Date.now() - slowStart;
    const fastStart = Date.now();
    await postMessage().expect(200);
    const fast = Date.now() - fastStart;

    expect(slow).toBeGreaterThanOrEqual(290);
    expect(fast).toBeLessThan(slow);
  });

  it('ends a fault after its duration', async () => {
    await addFault({ kind: 'server-error', durationMs: 300 });
    await postMessage().expect(503);
    await postMessage().expect(503);

    await new Promise((resolve) => setTimeout(resolve, 350));

    await postMessage().expect(200);
  });

  it('ends a fault when the simulated clock passes its duration', async () => {
    await addFault({ kind: 'rate-limit', durationMs: 60_000 });
    await postMessage().expect(429);

    await sut.http().post('/control/clock/advance').send({ seconds: 61 }).expect(200);

    await postMessage().expect(200);
  });

  it('applies an integration’s fault only to that integration', async () => {
    await addFault({ kind: 'server-error', integrationId: OTHER_INTEGRATION.id });

    await postMessage(TEST_INTEGRATION_ID).expect(200);
    await postMessage(OTHER_INTEGRATION.id).expect(503);
  });

  it('applies a global API fault to every API route but not to the token endpoint', async () => {
    await addFault({ kind: 'server-error', status: 500 });

    await postMessage(OTHER_INTEGRATION.id).expect(500);
    await sut
      .http()
      .get('/api/v2/conversations/messaging/integrations/open')
      .set('Authorization', `Bearer ${token}`)
      .expect(500);
    await requestToken().expect(200);
  });

  it('applies a client’s faults only to that client’s token requests and API calls', async () => {
    const otherClient = { clientId: 'tenant-b-client', clientSecret: 'tenant-b-client-secret' };
    await sut.http().post('/control/oauth-clients').send(otherClient).expect(201);
    const otherToken = await sut.token(otherClient.clientId, otherClient.clientSecret);
    await addFault({ target: 'login', clientId: otherClient.clientId, kind: 'server-error' });
    await addFault({ clientId: otherClient.clientId, kind: 'rate-limit', retryAfterSeconds: 10 });

    await requestToken().expect(200);
    await postMessage().expect(200);
    await sut
      .http()
      .post('/oauth/token')
      .set('Authorization', basicAuth(otherClient.clientId, otherClient.clientSecret))
      .type('form')
      .send({ grant_type: 'client_credentials' })
      .expect(503);
    const limited = await sut
      .http()
      .post(messagePath(TEST_INTEGRATION_ID))
      .set('Authorization', `Bearer ${otherToken}`)
      .send(inboundTextMessage())
      .expect(429);
    expect(limited.headers['retry-after']).toBe('10');
  });

  it('keeps a rate-limit storm up for its whole duration, for every request', async () => {
    await addFault({ kind: 'rate-limit', durationMs: 10_000, retryAfterSeconds: 10 });

    const during = await Promise.all(Array.from({ length: 20 }, () => postMessage()));
    await sut.http().post('/control/clock/advance').send({ seconds: 9 }).expect(200);
    await postMessage().expect(429);
    await sut.http().post('/control/clock/advance').send({ seconds: 1 }).expect(200);
    await postMessage().expect(200);

    expect(during.map((response) => response.status)).toEqual(Array(20).fill(429));
  });

  it('fails the token endpoint with a login fault and counts the failed token requests', async () => {
    await addFault({ target: 'login', kind: 'server-error', status: 503, count: 2 });

    await requestToken().expect(503);
    await requestToken().expect(503);
    await requestToken().expect(200);
    await postMessage().expect(200);

    const stats = await sut.http().get('/control/stats').expect(200);
    expect(stats.body.tokenRequests.byClient[TEST_CLIENT_ID]).toEqual({
      requests: 4,
      issued: 2,
      rejected: 0,
    });
  });

  it('rate-limits the token endpoint with Retry-After', async () => {
    await addFault({ target: 'login', kind: 'rate-limit', retryAfterSeconds: 3, count: 1 });

    const response = await requestToken().expect(429);

    expect(response.headers['retry-after']).toBe('3');
  });

  it('stops a fault that is deleted, and answers 404 for an unknown rule', async () => {
    const { id } = await addFault({ kind: 'server-error' });
    await postMessage().expect(503);

    await sut.http().delete(`/control/faults/${id}`).expect(204);

    await postMessage().expect(200);
    await sut.http().delete(`/control/faults/${id}`).expect(404);
  });

  it('leaves the control API alone', async () => {
    await addFault({ kind: 'server-error' });
    await addFault({ target: 'login', kind: 'server-error' });

    await sut.http().get('/control/stats').expect(200);
    await sut.http().delete('/control/faults').expect(204);
    await postMessage().expect(200);
  });

  it('refuses an integration on a login fault and an unknown kind', async () => {
    const login = await sut
      .http()
      .post('/control/faults')
      .send({ target: 'login', kind: 'delay', integrationId: 'x' })
      .expect(400);
    const kind = await sut.http().post('/control/faults').send({ kind: 'explode' }).expect(400);

    expect(login.body.message).toContain('integrationId');
    expect(kind.body.message).toContain('kind');
  });
});
