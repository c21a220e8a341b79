import { createHmac } from 'node:crypto';
import { inboundTextMessage, messagePath } from '../../testing/inbound-message.fixture';
import {
  SimulatorTestApp,
  startSimulator,
  TEST_INTEGRATION_ID,
  TEST_WEBHOOK_SECRET,
} from '../../testing/simulator-test-app.util';
import { WebhookReceiver } from '../../testing/webhook-receiver.util';
import { IntegrationsController } from './integrations.controller';

const PATH = '/api/v2/conversations/messaging/integrations/open';
const SECRET_16 = 'sixteen-chars-ok';
const OTHER_ORG_CLIENT = {
  clientId: 'org-b-client',
  clientSecret: 'org-b-client-secret',
  organizationId: 'org-b',
};

describe(IntegrationsController.name, () => {
  let receiver: WebhookReceiver;
  let sut: SimulatorTestApp;
  let token: string;

  beforeEach(async () => {
    receiver = await WebhookReceiver.start();
    sut = await startSimulator({ SEED_OAUTH_CLIENTS: JSON.stringify([OTHER_ORG_CLIENT]) });
    token = await sut.token();
  });

  afterEach(async () => {
    await sut.close();
    await receiver.close();
  });

  const api = () => {
    const http = sut.http();
    const auth = `Bearer ${token}`;
    return {
      list: () => http.get(PATH).set('Authorization', auth),
      get: (id: string) => http.get(`${PATH}/${id}`).set('Authorization', auth),
      create: (body: object) => http.post(PATH).set('Authorization', auth).send(body),
      patch: (id: string, body: object) => http.patch(`${PATH}/${id}`).set('Authorization', auth).send(body),
      remove: (id: string) => http.delete(`${PATH}/${id}`).set('Authorization', auth),
    };
  };

  const newIntegration = (overrides: object = {}) => ({
    name: 'Tenant A support',
    outboundNotificationWebhookUrl: receiver.url('/webhooks/genesys/created'),
    outboundNotificationWebhookSignatureSecretToken: SECRET_16,
    webhookHeaders: { 'X-Tenant-Id': 'tenant-a' },
    ...overrides,
  });

  it('lists the seeded integration of the caller’s organisation without its secret', async () => {
    const response = await api().list().expect(200);

    expect(response.body).toMatchObject({
      entities: [
        {
          id: TEST_INTEGRATION_ID,
          name: 'WA Support Integration',
          createStatus: 'Completed',
          status: 'active',
        },
      ],
      total: 1,
      pageNumber: 1,
      pageSize: 25,
    });
    expect(JSON.stringify(response.body)).not.toContain(TEST_WEBHOOK_SECRET);
    expect(JSON.stringify(response.body)).not.toContain('outboundNotificationWebhookSignatureSecretToken');
  });

  it('creates an integration (createStatus Initiated, then Completed) and never returns its secret', async () => {
    const created = await api().create(newIntegration()).expect(200);
    const { id } = created.body as { id: string };

    const fetched = await api().get(id).expect(200);

    expect(created.body).toMatchObject({ name: 'Tenant A support', createStatus: 'Initiated' });
    expect(fetched.body).toMatchObject({
      id,
      name: 'Tenant A support',
      outboundNotificationWebhookUrl: receiver.url('/webhooks/genesys/created'),
      webhookHeaders: { 'X-Tenant-Id': 'tenant-a' },
      supportedContent: { id: expect.any(String) },
      recipient: { id },
      createStatus: 'Completed',
      selfUri: `${PATH}/${id}`,
    });
    for (const body of [created.body, fetched.body, (await api().list().expect(200)).body]) {
      expect(JSON.stringify(body)).not.toContain(SECRET_16);
    }
  });

  it('refuses a webhook secret of 15 characters or fewer and accepts 16', async () => {
    const short = await api()
      .create(newIntegration({ outboundNotificationWebhookSignatureSecretToken: 'fifteen-chars!!' }))
      .expect(400);

    expect(short.body.message).toContain(
      'outboundNotificationWebhookSignatureSecretToken: must be more than 15 characters',
    );
    await api()
      .create(newIntegration({ outboundNotificationWebhookSignatureSecretToken: SECRET_16 }))
      .expect(200);
  });

  it.each(['name', 'outboundNotificationWebhookUrl', 'outboundNotificationWebhookSignatureSecretToken'])(
    'answers 400 naming a missing %s',
    async (field) => {
      const body: Record<string, unknown> = newIntegration();
      delete body[field];

      const response = await api().create(body).expect(400);

      expect(response.body.message).toContain(`${field}: is required`);
    },
  );

  it('updates the webhook settings and signs later webhooks with the new secret', async () => {
    const newSecret = 'a-brand-new-webhook-secret';

    const patched = await api()
      .patch(TEST_INTEGRATION_ID, {
        outboundNotificationWebhookUrl: receiver.url('/patched'),
        outboundNotificationWebhookSignatureSecretToken: newSecret,
        webhookHeaders: { 'X-Tenant-Id': 'tenant-z' },
      })
      .expect(200);
    await sut
      .http()
      .post('/control/outbound/messages?wait=true')
      .send({ integrationId: TEST_INTEGRATION_ID, customerId: '15551234567', text: 'hi' })
      .expect(200);

    expect(patched.body).toMatchObject({
      outboundNotificationWebhookUrl: receiver.url('/patched'),
      name: 'WA Support Integration',
    });
    expect(JSON.stringify(patched.body)).not.toContain(newSecret);
    const [webhook] = receiver.received;
    expect(webhook).toMatchObject({ path: '/patched', headers: { 'x-tenant-id': 'tenant-z' } });
    expect(webhook!.headers['x-hub-signature-256']).toBe(
      `sha256=${createHmac('sha256', newSecret).update(webhook!.rawBody).digest('base64')}`,
    );
  });

  it('refuses a short secret in an update', async () => {
    const response = await api()
      .patch(TEST_INTEGRATION_ID, { outboundNotificationWebhookSignatureSecretToken: 'short' })
      .expect(400);

    expect(response.body.message).toContain('outboundNotificationWebhookSignatureSecretToken');
  });

  it('deletes an integration, after which it is not found and takes no messages', async () => {
    await api().remove(TEST_INTEGRATION_ID).expect(204);

    await api().get(TEST_INTEGRATION_ID).expect(404);
    await sut
      .http()
      .post(messagePath(TEST_INTEGRATION_ID))
      .set('Authorization', `Bearer ${token}`)
      .send(inboundTextMessage())
      .expect(404);
  });

  it('takes inbound messages on a newly created integration', async () => {
    const { id } = (await api().create(newIntegration()).expect(200)).body as { id: string };

    await sut
      .http()
      .post(messagePath(id))
      .set('Authorization', `Bearer ${token}`)
      .send(inboundTextMessage())
      .expect(200);
  });

  it('hides integrations from other organisations', async () => {
    const otherToken = await sut.token(OTHER_ORG_CLIENT.clientId, OTHER_ORG_CLIENT.clientSecret);

    const list = await sut.http().get(PATH).set('Authorization', `Bearer ${otherToken}`).expect(200);
    await sut
      .http()
      .get(`${PATH}/${TEST_INTEGRATION_ID}`)
      .set('Authorization', `Bearer ${otherToken}`)
      .expect(404);
    await sut
      .http()
      .delete(`${PATH}/${TEST_INTEGRATION_ID}`)
      .set('Authorization', `Bearer ${otherToken}`)
      .expect(404);

    expect(list.body).toMatchObject({ entities: [], total: 0 });
  });

  it('pages the listing', async () => {
    await api()
      .create(newIntegration({ name: 'second' }))
      .expect(200);
    await api()
      .create(newIntegration({ name: 'third' }))
      .expect(200);

    const page = await sut
      .http()
      .get(PATH)
      .query({ pageSize: 2, pageNumber: 2 })
      .set('Authorization', `Bearer ${token}`)
      .expect(200);

    expect(page.body).toMatchObject({ total: 3, pageCount: 2, pageNumber: 2, entities: [{ name: 'third' }] });
  });

  it('requires a bearer token', async () => {
    await sut.http().get(PATH).expect(401);
    await sut.http().post(PATH).send(newIntegration()).expect(401);
  });

  it('creates an integration with a chosen id through the control API, without echoing the secret', async () => {
    const response = await sut
      .http()
      .post('/control/integrations')
      .send({ id: 'tenant-c-integration', organizationId: 'org-c', ...newIntegration() })
      .expect(201);

    expect(response.body).toMatchObject({ id: 'tenant-c-integration', organizationId: 'org-c' });
    const all = await sut.http().get('/control/integrations').expect(200);
    expect(all.body.map((it: { id: string }) => it.id)).toEqual([
      TEST_INTEGRATION_ID,
      'tenant-c-integration',
    ]);
    expect(JSON.stringify(all.body)).not.toContain(SECRET_16);
  });
});
