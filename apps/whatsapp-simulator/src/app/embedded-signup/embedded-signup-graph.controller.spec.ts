import { GRAPH_VERSION, SimulatorHarness, textMessage } from '../../testing/simulator-harness.util';
import { DEFAULT_APP_ID } from '../config/whatsapp-simulator.config';
import { EmbeddedSignupGraphController } from './embedded-signup-graph.controller';

interface GraphError {
  error: {
    message: string;
    type: string;
    code: number;
    error_subcode?: number;
    error_data?: { details: string };
  };
}

interface MintedCode {
  code: string;
  phoneNumberId: string;
  wabaId: string;
  displayPhoneNumber: string;
  state: string;
}

interface OnboardingState {
  codes: { code: string; state: string }[];
  registrations: { phoneNumberId: string }[];
  subscriptions: { wabaId: string; appId: string }[];
}

const APP_SECRET = 'sandbox-meta-app-secret';
const NEW_NUMBER = '333333333333333';
const NEW_WABA = '444444444444444';

describe(EmbeddedSignupGraphController.name, () => {
  let sut: SimulatorHarness;

  beforeAll(async () => {
    sut = await SimulatorHarness.start();
  });

  afterAll(() => sut.close());

  beforeEach(() => sut.control('POST', 'reset'));

  const mint = async (body: Record<string, unknown> = {}) =>
    (
      await sut.control<MintedCode>('POST', 'signup-codes', {
        phoneNumberId: NEW_NUMBER,
        wabaId: NEW_WABA,
        displayPhoneNumber: '15550100333',
        ...body,
      })
    ).body;

  const exchange = (code: string, clientId = DEFAULT_APP_ID, clientSecret = APP_SECRET) => {
    const query = new URLSearchParams({ client_id: clientId, client_secret: clientSecret, code });
    return sut.request<{ access_token: string; token_type: string } & GraphError>(
      'GET',
      `/${GRAPH_VERSION}/oauth/access_token?${query}`,
    );
  };

  const register = (token: string | null, body: unknown, phoneNumberId = NEW_NUMBER) =>
    sut.request<{ success: boolean } & GraphError>('POST', `/${GRAPH_VERSION}/${phoneNumberId}/register`, {
      token,
      json: body,
    });

  const subscribe = (token: string | null, wabaId = NEW_WABA) =>
    sut.request<{ success: boolean } & GraphError>('POST', `/${GRAPH_VERSION}/${wabaId}/subscribed_apps`, {
      token,
    });

  describe('code exchange', () => {
    it('exchanges a minted code once for a business token that may use the number', async () => {
      const minted = await mint({ accessToken: 'business-token-1' });

      const first = await exchange(minted.code);
      const again = await exchange(minted.code);
      const send = await sut.sendMessage(textMessage(), {
        phoneNumberId: NEW_NUMBER,
        token: first.body.access_token,
      });

      expect(first.status).toBe(200);
      expect(first.body).toEqual({ access_token: 'business-token-1', token_type: 'bearer' });
      expect(again.status).toBe(400);
      expect(again.body.error).toMatchObject({ code: 100, error_subcode: 36009, type: 'OAuthException' });
      expect(send.status).toBe(200);
    });

    it('issues a random token when the code names none', async () => {
      const { body } = await exchange((await mint()).code);

      expect(body.access_token).toMatch(/^EAAsim/);
    });

    it.each([
      ['an unknown app id', '123', APP_SECRET, 101],
      ['a wrong app secret', DEFAULT_APP_ID, 'not-the-secret', 1],
    ])('refuses %s with an OAuth error', async (_label, clientId, clientSecret, code) => {
      const minted = await mint();

      const response = await exchange(minted.code, clientId, clientSecret);
      const retry = await exchange(minted.code);

      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code, type: 'OAuthException' });
      expect(retry.status).toBe(200);
    });

    it('refuses an unknown code and an expired one', async () => {
      const minted = await mint({ expiresInSeconds: 60 });
      await sut.control('POST', 'clock/advance', { ms: 61_000 });

      const unknown = await exchange('AQnot-a-code');
      const expired = await exchange(minted.code);

      expect(unknown.body.error).toMatchObject({ code: 100, error_subcode: 36008 });
      expect(expired.body.error).toMatchObject({ code: 100, error_subcode: 36007 });
    });

    it('names a missing parameter', async () => {
      const response = await sut.request<GraphError>(
        'GET',
        `/${GRAPH_VERSION}/oauth/access_token?client_id=${DEFAULT_APP_ID}&client_secret=${APP_SECRET}`,
      );

      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe(131008);
      expect(response.body.error.error_data?.details).toContain("'code'");
    });
  });

  describe('number registration', () => {
    it('registers the number with a 6-digit PIN and records it', async () => {
      const token = (await exchange((await mint()).code)).body.access_token;

      const response = await register(token, { messaging_product: 'whatsapp', pin: '123456' });
      const state = await sut.control<OnboardingState>('GET', 'onboarding');
      const number = await sut.request<{ platform_type: string; display_phone_number: string }>(
        'GET',
        `/${GRAPH_VERSION}/${NEW_NUMBER}?fields=display_phone_number`,
        { token },
      );

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ success: true });
      expect(state.body.registrations).toEqual([
        { phoneNumberId: NEW_NUMBER, registeredAt: expect.any(String) },
      ]);
      expect(number.body).toMatchObject({ display_phone_number: '15550100333', platform_type: 'CLOUD_API' });
    });

    it.each([
      ['no PIN', { messaging_product: 'whatsapp' }, 131008, 'pin'],
      ['a PIN of 4 digits', { messaging_product: 'whatsapp', pin: '1234' }, 131009, 'pin'],
      ['a PIN that is not a string of digits', { messaging_product: 'whatsapp', pin: 123456 }, 131009, 'pin'],
      ['no messaging_product', { pin: '123456' }, 131008, 'messaging_product'],
    ])('refuses %s', async (_label, body, code, field) => {
      const token = (await exchange((await mint()).code)).body.access_token;

      const response = await register(token, body);

      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe(code);
      expect(response.body.error.error_data?.details).toContain(`'${field}'`);
    });

    it('refuses a PIN other than the one the number already has (133005)', async () => {
      const token = (await exchange((await mint({ pin: '111111' })).code)).body.access_token;

      const wrong = await register(token, { messaging_product: 'whatsapp', pin: '222222' });
      const right = await register(token, { messaging_product: 'whatsapp', pin: '111111' });

      expect(wrong.status).toBe(400);
      expect(wrong.body.error.code).toBe(133005);
      expect(right.status).toBe(200);
    });

    it('needs a bearer token that may use the number', async () => {
      await mint();
      const anonymous = await register(null, { messaging_product: 'whatsapp', pin: '123456' });
      const otherNumber = await register('sandbox-whatsapp-access-token', {
        messaging_product: 'whatsapp',
        pin: '123456',
      });

      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error.code).toBe(190);
      expect(otherNumber.status).toBe(400);
      expect(otherNumber.body.error.code).toBe(100);
    });
  });

  describe('webhook subscription', () => {
    it('subscribes the app to the WABA of a number the token covers', async () => {
      const token = (await exchange((await mint()).code)).body.access_token;

      const response = await subscribe(token);
      const state = await sut.control<OnboardingState>('GET', 'onboarding');

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ success: true });
      expect(state.body.subscriptions).toEqual([
        { wabaId: NEW_WABA, appId: DEFAULT_APP_ID, subscribedAt: expect.any(String) },
      ]);
    });

    it('refuses no token, and a WABA the token has no number in', async () => {
      await mint();
      const anonymous = await subscribe(null);
      const foreign = await subscribe('sandbox-whatsapp-access-token');

      expect(anonymous.status).toBe(401);
      expect(foreign.status).toBe(400);
      expect(foreign.body.error.code).toBe(100);
    });
  });

  it('lets an onboarding fault hit the signup calls and not the sends', async () => {
    const minted = await mint();
    await sut.control('POST', 'faults', { endpoint: 'onboarding', httpStatus: 503, count: 1 });

    const send = await sut.sendMessage(textMessage());
    const faulted = await exchange(minted.code);
    const retried = await exchange(minted.code);

    expect(send.status).toBe(200);
    expect(faulted.status).toBe(503);
    expect(retried.status).toBe(200);
  });

  it('forgets codes, registrations and subscriptions on reset', async () => {
    const minted = await mint();
    const token = (await exchange(minted.code)).body.access_token;
    await register(token, { messaging_product: 'whatsapp', pin: '123456' });
    await subscribe(token);

    await sut.control('POST', 'reset');
    const state = await sut.control<OnboardingState>('GET', 'onboarding');

    expect(state.body).toEqual({ codes: [], registrations: [], subscriptions: [] });
  });
});
