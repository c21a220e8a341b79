import { inboundTextMessage, messagePath } from '../../testing/inbound-message.fixture';
import {
  basicAuth,
  SimulatorTestApp,
  startSimulator,
  TEST_CLIENT_ID,
  TEST_CLIENT_SECRET,
  TEST_INTEGRATION_ID,
} from '../../testing/simulator-test-app.util';
import { OAuthController } from './oauth.controller';

const OTHER_CLIENT = { clientId: 'tenant-b-client', clientSecret: 'tenant-b-client-secret' };

describe(OAuthController.name, () => {
  let sut: SimulatorTestApp;

  beforeEach(async () => {
    sut = await startSimulator({
      TOKEN_TTL_SECONDS: '3600',
      SEED_OAUTH_CLIENTS: JSON.stringify([OTHER_CLIENT]),
    });
  });

  afterEach(() => sut.close());

  const requestToken = (
    authorization?: string,
    form: Record<string, string> = { grant_type: 'client_credentials' },
  ) => {
    const call = sut.http().post('/oauth/token').type('form');
    return (authorization === undefined ? call : call.set('Authorization', authorization)).send(form);
  };

  const postMessage = (token: string) =>
    sut
      .http()
      .post(messagePath(TEST_INTEGRATION_ID))
      .set('Authorization', `Bearer ${token}`)
      .send(inboundTextMessage());

  const tokenStats = async () => {
    const response = await sut.http().get('/control/stats').expect(200);
    return (
      response.body as { tokenRequests: { total: number; byClient: Record<string, Record<string, number>> } }
    ).tokenRequests;
  };

  it('issues a bearer token for valid Basic client credentials and the client_credentials grant', async () => {
    const response = await requestToken(basicAuth(TEST_CLIENT_ID, TEST_CLIENT_SECRET)).expect(200);

    expect(response.body).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      expires_in: 3600,
    });
    expect(Object.keys(response.body as object)).toEqual(['access_token', 'token_type', 'expires_in']);
    await postMessage((response.body as { access_token: string }).access_token).expect(200);
  });

  it('answers 401 invalid_client to a wrong secret, an unknown client and missing credentials', async () => {
    for (const authorization of [
      basicAuth(TEST_CLIENT_ID, 'wrong-secret'),
      basicAuth('nobody', 'x'),
      undefined,
    ]) {
      const response = await requestToken(authorization).expect(401);
      expect(response.body).toMatchObject({ error: 'invalid_client', error_description: expect.any(String) });
    }
  });

  it('refuses Bearer or malformed Authorization headers on the token endpoint', async () => {
    await requestToken('Bearer abc').expect(401);
    await requestToken(`Basic ${Buffer.from('no-colon').toString('base64')}`).expect(401);
  });

  it('answers 400 to another grant type, a missing grant type and a JSON body', async () => {
    const auth = basicAuth(TEST_CLIENT_ID, TEST_CLIENT_SECRET);
    expect((await requestToken(auth, { grant_type: 'password' }).expect(400)).body).toMatchObject({
      error: 'unsupported_grant_type',
    });
    expect((await requestToken(auth, {}).expect(400)).body).toMatchObject({ error: 'invalid_request' });
    await sut
      .http()
      .post('/oauth/token')
      .set('Authorization', auth)
      .send({ grant_type: 'client_credentials' })
      .expect(400);
  });

  it('answers 401 with a Genesys error body to API calls without a token or with an unknown one', async () => {
    const missing = await sut
      .http()
      .post(messagePath(TEST_INTEGRATION_ID))
      .send(inboundTextMessage())
      .expect(401);
    expect(missing.body).toMatchObject({
      code: 'authentication.required',
      status: 401,
      contextId: expect.any(String),
    });

    const unknown = await postMessage('not-a-token').expect(401);
    expect(unknown.body).toMatchObject({ code: 'bad.credentials', status: 401 });
  });

  it('stops accepting a token once its lifetime has passed', async () => {
    const shortLived = await startSimulator({ TOKEN_TTL_SECONDS: '1' });
    try {
      const token = await shortLived.token();
      await shortLived
        .http()
        .post(messagePath(TEST_INTEGRATION_ID))
        .set('Authorization', `Bearer ${token}`)
        .send(inboundTextMessage())
        .expect(200);

      await new Promise((resolve) => setTimeout(resolve, 1_100));

      const response = await shortLived
        .http()
        .post(messagePath(TEST_INTEGRATION_ID))
        .set('Authorization', `Bearer ${token}`)
        .send(inboundTextMessage())
        .expect(401);
      expect(response.body).toMatchObject({ code: 'bad.credentials' });
    } finally {
      await shortLived.close();
    }
  });

  it('expires tokens when the simulated clock passes their lifetime', async () => {
    const token = await sut.token();
    await sut.http().post('/control/clock/advance').send({ seconds: 3599 }).expect(200);
    await postMessage(token).expect(200);

    await sut.http().post('/control/clock/advance').send({ seconds: 1 }).expect(200);

    await postMessage(token).expect(401);
  });

  it('expires one token now through the control API', async () => {
    const token = await sut.token();

    const response = await sut.http().post('/control/tokens/expire').send({ token }).expect(200);

    expect(response.body).toEqual({ expired: 1 });
    await postMessage(token).expect(401);
    await postMessage(await sut.token()).expect(200);
  });

  it('revokes a single token and leaves the client’s other tokens valid', async () => {
    const revoked = await sut.token();
    const kept = await sut.token();

    await sut.http().post('/control/tokens/revoke').send({ token: revoked }).expect(200);

    await postMessage(revoked).expect(401);
    await postMessage(kept).expect(200);
  });

  it('revokes every token of one client and leaves other clients’ tokens valid', async () => {
    const first = await sut.token();
    const second = await sut.token();
    const otherClients = await sut.token(OTHER_CLIENT.clientId, OTHER_CLIENT.clientSecret);

    const response = await sut
      .http()
      .post('/control/tokens/revoke')
      .send({ clientId: TEST_CLIENT_ID })
      .expect(200);

    expect(response.body).toEqual({ revoked: 2 });
    await postMessage(first).expect(401);
    await postMessage(second).expect(401);
    await sut
      .http()
      .get('/api/v2/conversations/messaging/integrations/open')
      .set('Authorization', `Bearer ${otherClients}`)
      .expect(200);
    const summary = await sut.http().get('/control/tokens').expect(200);
    expect(summary.body).toEqual({
      [TEST_CLIENT_ID]: { active: 0, expired: 0, revoked: 2 },
      [OTHER_CLIENT.clientId]: { active: 1, expired: 0, revoked: 0 },
    });
  });

  it('counts token requests per client, with issued and rejected ones', async () => {
    await sut.token();
    await requestToken(basicAuth(TEST_CLIENT_ID, 'wrong')).expect(401);
    await sut.token(OTHER_CLIENT.clientId, OTHER_CLIENT.clientSecret);
    await requestToken().expect(401);

    expect(await tokenStats()).toEqual({
      total: 4,
      byClient: {
        [TEST_CLIENT_ID]: { requests: 2, issued: 1, rejected: 1 },
        [OTHER_CLIENT.clientId]: { requests: 1, issued: 1, rejected: 0 },
        '(none)': { requests: 1, issued: 0, rejected: 1 },
      },
    });
  });

  it('counts exactly one token request when a client calls once and then reuses its token', async () => {
    const token = await sut.token();
    await postMessage(token).expect(200);
    await postMessage(token).expect(200);

    expect((await tokenStats()).byClient[TEST_CLIENT_ID]).toEqual({ requests: 1, issued: 1, rejected: 0 });
  });

  it('summarises the tokens of a client whose id is also an Object property name', async () => {
    await sut
      .http()
      .post('/control/oauth-clients')
      .send({ clientId: 'constructor', clientSecret: 's' })
      .expect(201);
    await sut.token('constructor', 's');

    const summary = await sut.http().get('/control/tokens').expect(200);

    expect(summary.body).toEqual({ constructor: { active: 1, expired: 0, revoked: 0 } });
  });

  it('issues tokens with the lifetime of a client registered through the control API', async () => {
    await sut
      .http()
      .post('/control/oauth-clients')
      .send({ clientId: 'short', clientSecret: 'short-secret', accessTokenValiditySeconds: 300 })
      .expect(201);

    const response = await requestToken(basicAuth('short', 'short-secret')).expect(200);

    expect(response.body).toMatchObject({ expires_in: 300 });
    const clients = await sut.http().get('/control/oauth-clients').expect(200);
    expect(JSON.stringify(clients.body)).not.toContain('short-secret');
  });
});
