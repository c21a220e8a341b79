import { verifyGenesysWebhook } from '@switchboard/backend-util-signatures';
import { SERVICES } from '@switchboard/shared-contracts';
import type { AuditPageView } from '../audit/audit.dto';
import type { TenantLookupView } from '../lookups/lookups.dto';
import { DEV_META_APP_ID, DEV_META_APP_SECRET } from '../config/tenant-service.config';
import {
  configSecrets,
  createNumber,
  createTenant,
  randomMetaId,
  randomSecret,
} from '../../testing/fixtures.util';
import { TestIdentities, type Credential } from '../../testing/identities.util';
import { SimulatorProcess } from '@switchboard/backend-testing-platform';
import { TenantServiceHarness, findLeaks } from '../../testing/tenant-service-harness.util';
import { WebhookReceiver } from '../../testing/webhook-receiver.util';
import type { GenesysOnboardingResultView, WhatsAppOnboardingResultView } from './onboarding.dto';
import { OnboardingController } from './onboarding.controller';

const GENESYS_CLIENT = { clientId: 'sandbox-genesys-client', clientSecret: 'sandbox-genesys-client-secret' };

interface SignupState {
  codes: { code: string; state: string }[];
  registrations: { phoneNumberId: string }[];
  subscriptions: { wabaId: string }[];
}

interface GenesysIntegrationListing {
  id: string;
  outboundNotificationWebhookUrl: string;
}

interface CloudErrorBody {
  statusCode: number;
  message: string;
  cloud: string;
  step: string;
}

describe(OnboardingController.name, () => {
  let whatsapp: SimulatorProcess;
  let genesys: SimulatorProcess;
  let receiver: WebhookReceiver;
  let harness: TenantServiceHarness;
  let identities: TestIdentities;
  let admin: Credential;
  let tenantAdmin: Credential;
  let tenantId: string;
  const secrets: string[] = [GENESYS_CLIENT.clientSecret, DEV_META_APP_SECRET];

  beforeAll(async () => {
    [whatsapp, genesys, receiver] = await Promise.all([
      SimulatorProcess.start('whatsapp-simulator', { AUTO_STATUS_ENABLED: 'false' }),
      SimulatorProcess.start('genesys-simulator', { WEBHOOK_MAX_RETRIES: '0' }),
      WebhookReceiver.start(),
    ]);
    identities = await TestIdentities.create();
    harness = await TenantServiceHarness.start({
      label: 'onboarding',
      identities,
      env: {
        GRAPH_API_BASE_URL: whatsapp.baseUrl,
        GENESYS_LOGIN_BASE_URL: genesys.baseUrl,
        GENESYS_API_BASE_URL: genesys.baseUrl,
        META_APP_ID: DEV_META_APP_ID,
        META_APP_SECRET: DEV_META_APP_SECRET,
        PUBLIC_WEBHOOK_BASE_URL: receiver.baseUrl,
      },
    });
    secrets.push(...configSecrets(harness));
    admin = await identities.platformAdmin();
    tenantId = (await createTenant(harness, admin, 'Onboarded', 'eu-central-1')).id;
    tenantAdmin = await identities.tenantAdmin(tenantId, 'onboarding-admin');
  });

  afterAll(async () => {
    await harness?.destroy();
    await Promise.all([whatsapp?.stop(), genesys?.stop(), receiver?.close()]);
  });

  const mint = async (values: { accessToken?: string; pin?: string; phoneNumberId?: string } = {}) => {
    const accessToken = values.accessToken ?? randomSecret('business-token');
    const minted = await whatsapp.control<{ code: string; phoneNumberId: string; wabaId: string }>(
      'POST',
      'signup-codes',
      {
        phoneNumberId: values.phoneNumberId ?? randomMetaId(),
        wabaId: randomMetaId(),
        displayPhoneNumber: '15550102030',
        accessToken,
        ...(values.pin && { pin: values.pin }),
      },
    );
    secrets.push(accessToken, minted.code);
    return { ...minted, accessToken };
  };

  const onboardWhatsApp = (body: Record<string, unknown>, as: Credential = tenantAdmin, tenant = tenantId) =>
    harness.request<WhatsAppOnboardingResultView & CloudErrorBody>(
      'POST',
      `/tenants/${tenant}/onboarding/whatsapp`,
      {
        as,
        json: { pin: '123456', ...body },
      },
    );

  const onboardGenesys = (numberId: string, overrides: Record<string, unknown> = {}) =>
    harness.request<GenesysOnboardingResultView & CloudErrorBody>(
      'POST',
      `/tenants/${tenantId}/onboarding/genesys`,
      {
        as: tenantAdmin,
        json: { numberId, region: 'eu-central-1', ...GENESYS_CLIENT, ...overrides },
      },
    );

  const accessTokenOf = async (phoneNumberId: string) => {
    const response = await harness.request<{ accessToken: string }>(
      'GET',
      `/internal/phone-numbers/${phoneNumberId}/access-token`,
      { as: await identities.service(SERVICES.AUTH.name) },
    );
    const last = harness.responses.length - 1;
    harness.responses[last] = { ...harness.responses[last], carries: [response.body.accessToken] };
    return response.body.accessToken;
  };

  const webhookSecretOf = async (integrationId: string) => {
    const response = await harness.request<{ secret: string }>(
      'GET',
      `/internal/integrations/${integrationId}/webhook-secret`,
      { as: await identities.service(SERVICES.GENESYS_WEBHOOK.name) },
    );
    const last = harness.responses.length - 1;
    harness.responses[last] = { ...harness.responses[last], carries: [response.body.secret] };
    secrets.push(response.body.secret);
    return response.body.secret;
  };

  const genesysIntegrations = () => genesys.control<GenesysIntegrationListing[]>('GET', 'integrations');

  describe('WhatsApp Embedded Signup', () => {
    it('exchanges the code, registers the number, subscribes the app and stores the number with its token', async () => {
      const signup = await mint();

      const response = await onboardWhatsApp({
        code: signup.code,
        phoneNumberId: signup.phoneNumberId,
        wabaId: signup.wabaId,
        displayNumber: '+1 555-010-2030',
      });
      const state = await whatsapp.control<SignupState>('GET', 'onboarding');
      const token = await accessTokenOf(signup.phoneNumberId);
      const send = await fetch(`${whatsapp.baseUrl}/v25.0/${signup.phoneNumberId}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          messaging_product: 'whatsapp',
          to: '15551234567',
          type: 'text',
          text: { body: 'hi' },
        }),
      });

      expect(response.status).toBe(200);
      expect(response.body.steps).toEqual([
        'code exchanged',
        'number registered',
        'app subscribed to the WABA',
      ]);
      expect(response.body.phoneNumber).toMatchObject({
        tenantId,
        phoneNumberId: signup.phoneNumberId,
        wabaId: signup.wabaId,
        displayNumber: '+1 555-010-2030',
        throughputTier: 80,
        accessToken: { fingerprint: expect.any(String), setAt: expect.any(String) },
      });
      expect(state.codes.find((code) => code.code === signup.code)?.state).toBe('used');
      expect(state.registrations.map((entry) => entry.phoneNumberId)).toContain(signup.phoneNumberId);
      expect(state.subscriptions.map((entry) => entry.wabaId)).toContain(signup.wabaId);
      expect(token).toBe(signup.accessToken);
      expect(send.status).toBe(200);
    });

    it('reads the display number from Graph when the request has none, and audits the onboarding', async () => {
      const signup = await mint();

      const response = await onboardWhatsApp({
        code: signup.code,
        phoneNumberId: signup.phoneNumberId,
        wabaId: signup.wabaId,
      });
      const trail = await harness.request<AuditPageView>('GET', `/tenants/${tenantId}/audit?limit=1`, {
        as: admin,
      });

      expect(response.body.phoneNumber.displayNumber).toBe('15550102030');
      expect(trail.body.items[0]).toMatchObject({
        action: 'onboarding.whatsapp.completed',
        actor: { kind: 'user', id: 'onboarding-admin' },
        before: null,
        after: { phoneNumberId: signup.phoneNumberId },
      });
    });

    it('renews the token of a number on a repeated signup, keeping the number', async () => {
      const first = await mint();
      const created = await onboardWhatsApp({
        code: first.code,
        phoneNumberId: first.phoneNumberId,
        wabaId: first.wabaId,
      });
      const second = await mint({ phoneNumberId: first.phoneNumberId });

      const renewed = await onboardWhatsApp({
        code: second.code,
        phoneNumberId: first.phoneNumberId,
        wabaId: second.wabaId,
      });

      expect(renewed.status).toBe(200);
      expect(renewed.body.phoneNumber.id).toBe(created.body.phoneNumber.id);
      expect(renewed.body.phoneNumber.wabaId).toBe(second.wabaId);
      expect(renewed.body.phoneNumber.accessToken?.fingerprint).not.toBe(
        created.body.phoneNumber.accessToken?.fingerprint,
      );
      expect(await accessTokenOf(first.phoneNumberId)).toBe(second.accessToken);
    });

    it('answers 422 naming the step when WhatsApp refuses the PIN, and stores nothing', async () => {
      const signup = await mint({ pin: '111111' });

      const response = await onboardWhatsApp({
        code: signup.code,
        phoneNumberId: signup.phoneNumberId,
        wabaId: signup.wabaId,
        pin: '222222',
      });
      const lookup = await harness.request('GET', `/internal/lookup/phone-number/${signup.phoneNumberId}`, {
        as: await identities.service(SERVICES.WHATSAPP_WEBHOOK.name),
      });

      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ cloud: 'WhatsApp', step: 'number registration' });
      expect(response.body.message).toMatch(/^WhatsApp number registration failed: HTTP 400: \(#133005\)/);
      expect(lookup.status).toBe(404);
    });

    it('answers 422 for a code that was already used, without echoing the code', async () => {
      const signup = await mint();
      const body = { code: signup.code, phoneNumberId: signup.phoneNumberId, wabaId: signup.wabaId };
      await onboardWhatsApp(body);

      const again = await onboardWhatsApp(body);

      expect(again.status).toBe(422);
      expect(again.body.message).toMatch(
        /^WhatsApp code exchange failed: HTTP 400: \(#100\) This authorization code has been used/,
      );
      expect(again.text).not.toContain(signup.code);
    });

    it.each([
      ['a 503', { httpStatus: 503 }, 502, /^WhatsApp code exchange failed: HTTP 503/],
      ['a dropped connection', { drop: true }, 502, /^WhatsApp code exchange failed: the connection failed/],
      [
        'a rate limit',
        { errorCode: 4, retryAfterSeconds: 7 },
        503,
        /^WhatsApp code exchange failed: HTTP 429/,
      ],
    ])('answers %s of Graph with %i naming the step', async (_label, fault, status, message) => {
      const signup = await mint();
      await whatsapp.control('POST', 'faults', { endpoint: 'onboarding', count: 1, ...fault });

      const response = await onboardWhatsApp({
        code: signup.code,
        phoneNumberId: signup.phoneNumberId,
        wabaId: signup.wabaId,
      });

      expect(response.status).toBe(status);
      expect(response.body.message).toMatch(message);
      if (status === 503) expect(response.headers.get('retry-after')).toBe('7');
    });

    it("refuses another tenant's number with 409 before spending the code", async () => {
      const other = await createTenant(harness, admin, 'Other');
      const taken = await createNumber(harness, admin, other.id);
      const signup = await mint({ phoneNumberId: taken.phoneNumberId });

      const response = await onboardWhatsApp({
        code: signup.code,
        phoneNumberId: taken.phoneNumberId,
        wabaId: signup.wabaId,
      });
      const state = await whatsapp.control<SignupState>('GET', 'onboarding');

      expect(response.status).toBe(409);
      expect(response.text).not.toContain(other.id);
      expect(state.codes.find((code) => code.code === signup.code)?.state).toBe('pending');
    });
  });

  describe('Genesys Open Messaging', () => {
    let numberId: string;
    let integrationId: string;

    beforeAll(async () => {
      numberId = (await createNumber(harness, admin, tenantId, { displayNumber: '15550104040' })).id;
    });

    const sendAgentMessage = async (id: string) => {
      const before = receiver.received.length;
      await genesys.control('POST', 'outbound/messages?wait=true', {
        integrationId: id,
        customerId: '15551234567',
        text: 'Hello',
      });
      return receiver.received[before];
    };

    it('creates the integration with our webhook URL and a generated secret, and stores it', async () => {
      const response = await onboardGenesys(numberId);
      integrationId = response.body.integration.integrationId;
      const atGenesys = (await genesysIntegrations()).filter((it) => it.id === integrationId);
      const leftovers = (await genesysIntegrations()).filter((it) =>
        it.outboundNotificationWebhookUrl.includes('pending-'),
      );

      expect(response.status).toBe(200);
      expect(response.body.action).toBe('created');
      expect(response.body.integration).toMatchObject({
        numberId,
        clientId: GENESYS_CLIENT.clientId,
        webhookUrl: `${receiver.baseUrl}/webhooks/genesys/${integrationId}`,
        clientSecret: { fingerprint: expect.any(String) },
        webhookSecret: { fingerprint: expect.any(String) },
      });
      expect(atGenesys).toEqual([
        expect.objectContaining({
          outboundNotificationWebhookUrl: `${receiver.baseUrl}/webhooks/genesys/${integrationId}`,
        }),
      ]);
      expect(leftovers).toEqual([]);
    });

    it('lets Genesys sign its webhooks with the secret that genesys-webhook-service gets from us', async () => {
      const secret = await webhookSecretOf(integrationId);

      const webhook = await sendAgentMessage(integrationId);

      expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(webhook.path).toBe(`/webhooks/genesys/${integrationId}`);
      expect(verifyGenesysWebhook(webhook.rawBody, webhook.headers['x-hub-signature-256'], secret)).toBe(
        true,
      );
    });

    it('hands auth-service the OAuth client and region, and routes the integration id to the number', async () => {
      const credentials = await harness.request(
        'GET',
        `/internal/integrations/${integrationId}/oauth-credentials`,
        {
          as: await identities.service(SERVICES.AUTH.name),
          carries: [GENESYS_CLIENT.clientSecret],
        },
      );
      const lookup = await harness.request<TenantLookupView>(
        'GET',
        `/internal/lookup/integration/${integrationId}`,
        {
          as: await identities.service(SERVICES.GENESYS_WEBHOOK.name),
        },
      );

      expect(credentials.body).toEqual({ tenantId, region: 'eu-central-1', ...GENESYS_CLIENT });
      expect(lookup.body).toMatchObject({ tenantId, numberId, integrationId, genesysRegion: 'eu-central-1' });
    });

    it('updates the existing integration on a repeated onboarding, keeping its id and secret', async () => {
      const secret = await webhookSecretOf(integrationId);
      const countBefore = (await genesysIntegrations()).length;

      const response = await onboardGenesys(numberId);
      const webhook = await sendAgentMessage(integrationId);

      expect(response.body).toMatchObject({ action: 'updated', integration: { integrationId } });
      expect((await genesysIntegrations()).length).toBe(countBefore);
      expect(await webhookSecretOf(integrationId)).toBe(secret);
      expect(verifyGenesysWebhook(webhook.rawBody, webhook.headers['x-hub-signature-256'], secret)).toBe(
        true,
      );
    });

    it("creates a new integration when Genesys no longer has the number's one", async () => {
      const login = await fetch(`${genesys.baseUrl}/oauth/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${GENESYS_CLIENT.clientId}:${GENESYS_CLIENT.clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      });
      const { access_token: token } = (await login.json()) as { access_token: string };
      secrets.push(token);
      await fetch(`${genesys.baseUrl}/api/v2/conversations/messaging/integrations/open/${integrationId}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${token}` },
      });

      const response = await onboardGenesys(numberId);
      const oldLookup = await harness.request('GET', `/internal/lookup/integration/${integrationId}`, {
        as: await identities.service(SERVICES.GENESYS_WEBHOOK.name),
      });
      const newId = response.body.integration.integrationId;
      const webhook = await sendAgentMessage(newId);

      expect(response.body.action).toBe('created');
      expect(newId).not.toBe(integrationId);
      expect(oldLookup.status).toBe(404);
      expect(
        verifyGenesysWebhook(
          webhook.rawBody,
          webhook.headers['x-hub-signature-256'],
          await webhookSecretOf(newId),
        ),
      ).toBe(true);
      integrationId = newId;
    });

    it("makes the onboarding's region the tenant's region", async () => {
      const response = await onboardGenesys(numberId, { region: 'eu-west-1' });
      const tenant = await harness.request<{ genesysRegion: string }>('GET', `/tenants/${tenantId}`, {
        as: tenantAdmin,
      });
      const credentials = await harness.request<{ region: string }>(
        'GET',
        `/internal/integrations/${integrationId}/oauth-credentials`,
        { as: await identities.service(SERVICES.AUTH.name), carries: [GENESYS_CLIENT.clientSecret] },
      );

      expect(response.status).toBe(200);
      expect(tenant.body.genesysRegion).toBe('eu-west-1');
      expect(credentials.body.region).toBe('eu-west-1');
    });

    it('answers 422 naming the login when Genesys refuses the client credentials, and changes nothing', async () => {
      const countBefore = (await genesysIntegrations()).length;
      const wrongSecret = randomSecret('wrong-genesys-secret');
      secrets.push(wrongSecret);

      const response = await onboardGenesys(numberId, { clientSecret: wrongSecret });

      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ cloud: 'Genesys', step: 'login (client credentials)' });
      expect(response.body.message).toMatch(/HTTP 401: invalid_client/);
      expect((await genesysIntegrations()).length).toBe(countBefore);
    });

    it.each([
      [
        'a login outage',
        { target: 'login', kind: 'server-error', status: 503 },
        502,
        /^Genesys login \(client credentials\) failed: HTTP 503/,
      ],
      [
        'a rate limit of the API',
        { target: 'api', kind: 'rate-limit', retryAfterSeconds: 9 },
        503,
        /^Genesys integration (update|creation) failed: HTTP 429/,
      ],
    ])('answers %s with %i naming the step', async (_label, fault, status, message) => {
      const number = await createNumber(harness, admin, tenantId);
      await genesys.control('POST', 'faults', { count: 1, ...fault });

      const response = await onboardGenesys(number.id);

      expect(response.status).toBe(status);
      expect(response.body.message).toMatch(message);
      if (status === 503) expect(response.headers.get('retry-after')).toBe('9');
    });
  });

  it('never put a secret into any answer (but the credential routes, their own) or into a log line', () => {
    expect(harness.logs.text()).toContain('onboarding: WhatsApp number registration failed');
    expect(findLeaks(secrets, harness.responses, harness.logs.text())).toEqual([]);
  });
});
