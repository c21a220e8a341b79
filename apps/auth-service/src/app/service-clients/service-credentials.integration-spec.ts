import { ServiceTokenClient, TokenVerifier, localJwks, remoteJwks } from '@switchboard/backend-util-auth';
import type { JSONWebKeySet } from 'jose';
import {
  basicAuth,
  createTestEnvironment,
  startAuthService,
  type AuthServiceTestApp,
  type TestEnvironment,
} from '../../testing/auth-service-test-app.util';
import { devServiceClientSecret } from '../config/service-client-secrets.util';
import { ServiceCredentialsController } from './service-credentials.controller';

const STATE_MANAGER_SECRET = 'state-manager-client-secret-for-tests';
const GATEWAY_SECRET = 'api-gateway-client-secret-for-tests';

describe(ServiceCredentialsController.name, () => {
  let environment: TestEnvironment;
  let sut: AuthServiceTestApp;
  const stateManager = () => basicAuth('state-manager', STATE_MANAGER_SECRET);

  beforeAll(async () => {
    environment = await createTestEnvironment('service_credentials');
    sut = await startAuthService(environment, {
      SERVICE_CLIENT_SECRETS: `state-manager=${STATE_MANAGER_SECRET},api-gateway=${GATEWAY_SECRET}`,
    });
  }, 60_000);

  afterAll(async () => {
    await sut?.close();
    await environment?.destroy();
  });

  describe('GET /internal/jwks', () => {
    it('serves the public keys to a service presenting its client credentials', async () => {
      const response = await sut.http().get('/internal/jwks').set('authorization', stateManager());
      expect(response.status).toBe(200);
      const jwks = response.body as JSONWebKeySet;
      expect(jwks.keys).toEqual([environment.signingKey.publicJwk]);
      expect(jwks.keys[0]).not.toHaveProperty('d');
    });

    it('refuses anonymous callers, wrong secrets, unknown clients and clients not configured', async () => {
      const responses = [
        await sut.http().get('/internal/jwks'),
        await sut
          .http()
          .get('/internal/jwks')
          .set('authorization', basicAuth('state-manager', 'wrong-secret')),
        await sut
          .http()
          .get('/internal/jwks')
          .set('authorization', basicAuth('intruder', STATE_MANAGER_SECRET)),
        await sut
          .http()
          .get('/internal/jwks')
          .set('authorization', basicAuth('tenant-service', devServiceClientSecret('tenant-service'))),
        await sut.http().get('/internal/jwks').set('authorization', 'Basic !!!'),
      ];
      expect(responses.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
      expect(responses[1].headers['www-authenticate']).toMatch(/^Basic realm=/);
      expect(responses.every((r) => !JSON.stringify(r.body).includes('"keys"'))).toBe(true);
    });

    it('refuses a service token: these routes take client credentials only', async () => {
      const token = await environment.serviceToken('state-manager', 'auth-service');
      const response = await sut.http().get('/internal/jwks').set('authorization', `Bearer ${token}`);
      expect(response.status).toBe(401);
    });

    it('works as the key source of the other services (remoteJwks with Basic credentials)', async () => {
      const verifier = new TokenVerifier(
        remoteJwks(sut.baseUrl, 'state-manager', STATE_MANAGER_SECRET),
        'state-manager',
      );
      const token = await environment.serviceToken('inbound-transformer', 'state-manager');
      await expect(verifier.verifyServiceToken(token)).resolves.toEqual({
        kind: 'service',
        service: 'inbound-transformer',
      });
    });
  });

  describe('POST /internal/service-tokens', () => {
    it('issues a token of the calling service for a known audience', async () => {
      const response = await sut
        .http()
        .post('/internal/service-tokens')
        .set('authorization', stateManager())
        .send({ audience: 'tenant-service' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ token_type: 'bearer', expires_in: 300 });
      expect(response.headers['cache-control']).toBe('no-store');
      const verifier = new TokenVerifier(
        localJwks({ keys: [environment.signingKey.publicJwk] }),
        'tenant-service',
      );
      await expect(
        verifier.verifyServiceToken((response.body as { access_token: string }).access_token),
      ).resolves.toEqual({
        kind: 'service',
        service: 'state-manager',
      });
      const otherAudience = new TokenVerifier(
        localJwks({ keys: [environment.signingKey.publicJwk] }),
        'auth-service',
      );
      await expect(
        otherAudience.verifyServiceToken((response.body as { access_token: string }).access_token),
      ).rejects.toThrow(/aud/);
    });

    it('refuses anonymous callers and wrong secrets', async () => {
      const anonymous = await sut
        .http()
        .post('/internal/service-tokens')
        .send({ audience: 'tenant-service' });
      const wrong = await sut
        .http()
        .post('/internal/service-tokens')
        .set('authorization', basicAuth('state-manager', `${STATE_MANAGER_SECRET}x`))
        .send({ audience: 'tenant-service' });
      expect([anonymous.status, wrong.status]).toEqual([401, 401]);
      expect(JSON.stringify([anonymous.body, wrong.body])).not.toContain('access_token');
    });

    it('refuses an audience that is not a service', async () => {
      const response = await sut
        .http()
        .post('/internal/service-tokens')
        .set('authorization', stateManager())
        .send({ audience: 'evil-service' });
      expect(response.status).toBe(400);
    });

    it('works with the services’ ServiceTokenClient', async () => {
      const client = new ServiceTokenClient({
        authServiceUrl: sut.baseUrl,
        serviceName: 'state-manager',
        serviceSecret: STATE_MANAGER_SECRET,
      });
      const headers = await client.headers('tenant-service');
      expect(headers['authorization']).toMatch(/^Bearer ey/);
    });
  });

  describe('every route', () => {
    const routes: Array<[string, string]> = [
      ['get', '/auth/me'],
      ['post', '/auth/password'],
      ['post', '/auth/refresh'],
      ['post', '/auth/logout'],
      ['get', '/auth/users'],
      ['get', '/auth/users/8d7e5a8c-1a52-4c1e-9a1b-5b0f1f7e2a11'],
      ['post', '/auth/users'],
      ['patch', '/auth/users/8d7e5a8c-1a52-4c1e-9a1b-5b0f1f7e2a11'],
      ['delete', '/auth/users/8d7e5a8c-1a52-4c1e-9a1b-5b0f1f7e2a11'],
      ['get', '/internal/jwks'],
      ['post', '/internal/service-tokens'],
      ['get', '/internal/genesys-tokens/8d7e5a8c-1a52-4c1e-9a1b-5b0f1f7e2a11'],
      ['delete', '/internal/genesys-tokens/8d7e5a8c-1a52-4c1e-9a1b-5b0f1f7e2a11'],
      ['get', '/internal/whatsapp-tokens/109876543210987'],
      ['delete', '/internal/whatsapp-tokens/109876543210987'],
      ['post', '/internal/tenants/8d7e5a8c-1a52-4c1e-9a1b-5b0f1f7e2a11/sessions/revoke'],
      ['get', '/internal/openapi.json'],
    ];

    it.each(routes)('answers %s %s without credentials with 401', async (method, path) => {
      const response = await sut.http()[method as 'get'](path);
      expect(response.status).toBe(401);
    });

    it('answers a login without valid credentials with 401 (or 400 for a malformed body)', async () => {
      const wrong = await sut.http().post('/auth/login').send({ email: 'a@b.test', password: 'guess' });
      expect(wrong.status).toBe(401);
      expect((await sut.http().post('/auth/login').send({})).status).toBe(400);
    });

    it('documents every route in the OpenAPI document served to api-gateway only', async () => {
      const gateway = await environment.serviceToken('api-gateway');
      const document = await sut
        .http()
        .get('/internal/openapi.json')
        .set('authorization', `Bearer ${gateway}`);
      expect(document.status).toBe(200);
      const paths = Object.keys((document.body as { paths: Record<string, unknown> }).paths).sort();
      expect(paths).toEqual(
        [
          '/auth/login',
          '/auth/logout',
          '/auth/me',
          '/auth/password',
          '/auth/refresh',
          '/health/live',
          '/health/ready',
          '/internal/genesys-tokens/{integrationId}',
          '/internal/jwks',
          '/internal/service-tokens',
          '/internal/tenants/{tenantId}/sessions/revoke',
          '/internal/whatsapp-tokens/{phoneNumberId}',
          '/metrics',
          '/auth/users',
          '/auth/users/{id}',
        ].sort(),
      );
      const other = await environment.serviceToken('state-manager');
      expect(
        (await sut.http().get('/internal/openapi.json').set('authorization', `Bearer ${other}`)).status,
      ).toBe(403);
    });
  });
});
