import { inboundTextMessage, messagePath } from '../../testing/inbound-message.fixture';
import { SimulatorTestApp, startSimulator, TEST_INTEGRATION_ID } from '../../testing/simulator-test-app.util';
import { WebhookReceiver } from '../../testing/webhook-receiver.util';
import { SimulatorControlController } from './simulator-control.controller';

const INTEGRATIONS = '/api/v2/conversations/messaging/integrations/open';

describe(SimulatorControlController.name, () => {
  let sut: SimulatorTestApp;

  afterEach(() => sut.close());

  const postMessage = (token: string, customerId = '15551234567') =>
    sut
      .http()
      .post(`${messagePath(TEST_INTEGRATION_ID)}?prefetchConversationId=true`)
      .set('Authorization', `Bearer ${token}`)
      .send(inboundTextMessage(customerId));

  describe('bounded state', () => {
    it('keeps only the newest MAX_RECORDED_ITEMS inbound records and says how many it dropped', async () => {
      sut = await startSimulator({ MAX_RECORDED_ITEMS: '3' });
      const token = await sut.token();
      for (let i = 0; i < 5; i += 1) await postMessage(token).expect(200);

      const log = await sut.http().get('/control/inbound').expect(200);

      expect(log.body.items.map((item: { seq: number }) => item.seq)).toEqual([3, 4, 5]);
      expect(log.body.dropped).toBe(2);
    });

    it('keeps at most MAX_CONVERSATIONS conversations, forgetting the least recently active', async () => {
      sut = await startSimulator({ MAX_CONVERSATIONS: '2' });
      const token = await sut.token();
      const first = (await postMessage(token, 'a').expect(200)).body as { conversationId: string };
      await postMessage(token, 'b').expect(200);
      await postMessage(token, 'c').expect(200);

      const conversations = await sut.http().get('/control/conversations').expect(200);
      const again = (await postMessage(token, 'a').expect(200)).body as { conversationId: string };

      expect(conversations.body.map((c: { customerId: string }) => c.customerId)).toEqual(['b', 'c']);
      expect(again.conversationId).not.toBe(first.conversationId);
    });

    it('forgets the oldest tokens beyond MAX_TOKENS', async () => {
      sut = await startSimulator({ MAX_TOKENS: '2' });
      const oldest = await sut.token();
      const middle = await sut.token();
      const newest = await sut.token();

      await postMessage(oldest).expect(401);
      await postMessage(middle).expect(200);
      await postMessage(newest).expect(200);
    });

    it('keeps only the newest MAX_DELIVERIES deliveries', async () => {
      const receiver = await WebhookReceiver.start();
      try {
        sut = await startSimulator({ MAX_DELIVERIES: '2', INTEGRATION_WEBHOOK_URL: receiver.url() });
        const texts = ['one', 'two', 'three'];
        for (const text of texts) {
          await sut
            .http()
            .post('/control/outbound/messages?wait=true')
            .send({ integrationId: TEST_INTEGRATION_ID, customerId: 'c', text })
            .expect(200);
        }

        const deliveries = await sut.http().get('/control/deliveries').expect(200);

        expect(
          deliveries.body.map((d: { body: string }) => (JSON.parse(d.body) as { text: string }).text),
        ).toEqual(['two', 'three']);
      } finally {
        await receiver.close();
      }
    });

    it('refuses integrations, OAuth clients and fault rules beyond their maximum', async () => {
      sut = await startSimulator({ MAX_INTEGRATIONS: '1', MAX_OAUTH_CLIENTS: '1', MAX_FAULT_RULES: '1' });
      const token = await sut.token();

      const integration = await sut
        .http()
        .post(INTEGRATIONS)
        .set('Authorization', `Bearer ${token}`)
        .send({
          name: 'x',
          outboundNotificationWebhookUrl: 'http://127.0.0.1:9/x',
          outboundNotificationWebhookSignatureSecretToken: 'long-enough-secret',
        })
        .expect(400);
      await sut
        .http()
        .post('/control/oauth-clients')
        .send({ clientId: 'c2', clientSecret: 's2' })
        .expect(400);
      await sut.http().post('/control/faults').send({ kind: 'delay', delayMs: 1 }).expect(201);
      await sut.http().post('/control/faults').send({ kind: 'delay', delayMs: 1 }).expect(400);

      expect(integration.body.message).toContain('at most 1');
    });

    it('evicts the oldest downloads beyond MAX_DOWNLOADS and refuses one above MAX_DOWNLOAD_BYTES', async () => {
      sut = await startSimulator({ MAX_DOWNLOADS: '2', MAX_DOWNLOAD_BYTES: '8' });
      const register = (bytes: string) =>
        sut.http().post('/control/downloads').set('Content-Type', 'text/plain').send(bytes);
      const first = (await register('one').expect(201)).body as { id: string };
      await register('two').expect(201);
      await register('three').expect(201);

      await register('123456789').expect(400);
      await sut.http().get(`/api/v2/downloads/${first.id}`).expect(404);
      expect((await sut.http().get('/control/downloads').expect(200)).body).toHaveLength(2);
    });
  });

  describe('statistics, clock and reset', () => {
    it('counts requests by route template, integration and status', async () => {
      sut = await startSimulator();
      const token = await sut.token();
      await postMessage(token).expect(200);
      await postMessage('bad-token').expect(401);

      const stats = await sut.http().get('/control/stats').expect(200);

      expect(stats.body).toMatchObject({
        total: 3,
        byRoute: {
          'POST /oauth/token': 1,
          'POST /api/v2/conversations/messages/{integrationId}/inbound/open/message': 2,
        },
        byIntegration: { [TEST_INTEGRATION_ID]: 2 },
        byStatus: { '200': 2, '401': 1 },
      });
    });

    it('moves the simulated clock forward', async () => {
      sut = await startSimulator();

      const response = await sut.http().post('/control/clock/advance').send({ seconds: 3600 }).expect(200);

      expect(response.body.offsetMs).toBe(3_600_000);
      expect(Date.parse(response.body.now as string) - Date.now()).toBeGreaterThan(3_590_000);
    });

    it('puts everything back to the configured seeds on reset', async () => {
      sut = await startSimulator();
      const token = await sut.token();
      await postMessage(token).expect(200);
      await sut
        .http()
        .post('/control/integrations')
        .send({
          id: 'extra',
          name: 'extra',
          outboundNotificationWebhookUrl: 'http://127.0.0.1:9/x',
          outboundNotificationWebhookSignatureSecretToken: 'long-enough-secret',
        })
        .expect(201);
      await sut.http().post('/control/faults').send({ kind: 'delay', delayMs: 1 }).expect(201);
      await sut.http().post('/control/clock/advance').send({ seconds: 10 }).expect(200);

      await sut.http().post('/control/reset').expect(204);

      await postMessage(token).expect(401);
      const integrations = await sut.http().get('/control/integrations').expect(200);
      expect(integrations.body.map((it: { id: string }) => it.id)).toEqual([TEST_INTEGRATION_ID]);
      expect((await sut.http().get('/control/inbound').expect(200)).body).toEqual({ items: [], dropped: 0 });
      expect((await sut.http().get('/control/conversations').expect(200)).body).toEqual([]);
      expect((await sut.http().get('/control/faults').expect(200)).body).toEqual([]);
      expect((await sut.http().get('/control/clock').expect(200)).body.offsetMs).toBe(0);
      expect((await sut.http().get('/control/stats').expect(200)).body).toMatchObject({ total: 1 });
    });
  });

  describe('control input', () => {
    it.each([
      ['/control/clock/advance', { seconds: 1e300 }, 'seconds'],
      ['/control/faults', { kind: 'rate-limit', durationMs: 9e15 }, 'durationMs'],
      [
        '/control/oauth-clients',
        { clientId: 'c', clientSecret: 's', accessTokenValiditySeconds: 48 * 3600 + 1 },
        'accessTokenValiditySeconds',
      ],
    ])(
      'refuses a duration beyond its bound (POST %s) with 400 naming it, and keeps answering',
      async (path, body, field) => {
        sut = await startSimulator();

        const refused = await sut.http().post(path).send(body).expect(400);

        expect(refused.body.message).toContain(`${field}:`);
        await sut.http().get('/control/clock').expect(200);
        await postMessage(await sut.token()).expect(200);
      },
    );
  });

  describe('errors outside the handlers', () => {
    it('answers malformed JSON and unknown routes with Genesys error bodies', async () => {
      sut = await startSimulator();
      const token = await sut.token();

      const malformed = await sut
        .http()
        .post(messagePath(TEST_INTEGRATION_ID))
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'application/json')
        .send('{"channel":')
        .expect(400);
      const unknown = await sut.http().get('/api/v2/nothing-here').expect(404);

      expect(malformed.body).toMatchObject({
        status: 400,
        code: 'bad.request',
        contextId: expect.any(String),
      });
      expect(unknown.body).toMatchObject({ status: 404, code: 'not.found' });
    });
  });
});
