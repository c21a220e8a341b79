import { SERVICES } from '@switchboard/shared-contracts';
import { startEchoUpstream, type EchoUpstream } from '../../testing/echo-upstream.util';
import {
  startFakeAuthService,
  startFakeTenantService,
  type FakeAuthService,
  type FakeTenantService,
} from '../../testing/fake-platform.util';
import { startGateway, type TestGateway } from '../../testing/gateway-harness.util';
import { closedPortUrl, send } from '../../testing/test-http.util';
import { DOCS_PAGE_CSP, DocsController } from './docs.controller';

const API_KEY = 'sb_live_docs-reader';

describe(DocsController.name, () => {
  let auth: FakeAuthService;
  let tenants: FakeTenantService;
  let upstream: EchoUpstream;
  let sut: TestGateway;
  let bearer: string;

  beforeAll(async () => {
    auth = await startFakeAuthService();
    tenants = await startFakeTenantService(auth);
    tenants.keys.set(API_KEY, 'tenant-b');
    upstream = await startEchoUpstream();
    // auth-service is down: its document cannot be had, the others still can.
    sut = await startGateway({
      authServiceUrl: auth.url,
      tenantServiceUrl: tenants.url,
      upstreamUrls: `auth=${await closedPortUrl()},tenants=${tenants.url}`,
      env: { RATE_LIMIT_IP_POINTS: '100000', RATE_LIMIT_TENANT_POINTS: '100000' },
    });
    bearer = `Bearer ${await auth.userToken()}`;
  });

  afterAll(async () => {
    await sut.close();
    await Promise.all([upstream.close(), tenants.close(), auth.close()]);
  });

  it('serves Swagger UI with one entry per service, under a CSP that lets it run', async () => {
    const page = await send(`${sut.url}/api/docs`);
    const initializer = await send(`${sut.url}/api/docs/assets/gateway-initializer.js`);
    const bundle = await send(`${sut.url}/api/docs/assets/swagger-ui-bundle.js`);

    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toBe(DOCS_PAGE_CSP);
    expect(page.body.toString()).toContain('/api/docs/assets/swagger-ui-bundle.js');
    expect(initializer.body.toString()).toContain(
      JSON.stringify([
        { name: 'api-gateway', url: '/api/docs/api-gateway.json' },
        { name: 'auth-service', url: '/api/docs/auth-service.json' },
        { name: 'tenant-service', url: '/api/docs/tenant-service.json' },
      ]),
    );
    expect(bundle.status).toBe(200);
    expect(bundle.headers['content-type']).toMatch(/javascript/);
  });

  it('serves only Swagger UI’s own files from its folder', async () => {
    const responses = await Promise.all(
      ['package.json', 'swagger-ui-bundle.js.map', '..%2F..%2Fpackage.json', 'oauth2-redirect.html'].map(
        (file) => send(`${sut.url}/api/docs/assets/${file}`),
      ),
    );

    expect(responses.map((response) => response.status)).toEqual([404, 404, 404, 404]);
  });

  it('serves a service’s document, fetched with a service token, as the gateway exposes it', async () => {
    tenants.documentCalls.length = 0;

    const response = await send(`${sut.url}/api/docs/tenant-service.json`, {
      headers: { authorization: bearer },
    });

    expect(response.status).toBe(200);
    const document = response.json<{ info: { title: string }; paths: Record<string, unknown> }>();
    expect(document.info.title).toBe('tenant-service');
    expect(Object.keys(document.paths)).toEqual(['/api/tenants', '/api/tenants/{tenantId}']);
    expect(tenants.documentCalls).toEqual([SERVICES.API_GATEWAY.name]);
  });

  it('serves the gateway’s own description of its routes', async () => {
    const response = await send(`${sut.url}/api/docs/api-gateway.json`, {
      headers: { authorization: bearer },
    });

    const document = response.json<{
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    }>();
    expect(Object.keys(document.paths)).toEqual([
      '/api/auth/{path}',
      '/api/tenants/{path}',
      '/api/docs',
      '/api/docs/{service}.json',
    ]);
    expect(Object.keys(document.paths['/api/tenants/{path}']['post'].responses)).toEqual(
      expect.arrayContaining(['401', '413', '429', '503', '504']),
    );
  });

  it('keeps the documents for signed-in users: 401 without a token, 403 for an API key', async () => {
    const anonymous = await send(`${sut.url}/api/docs/tenant-service.json`);
    const withApiKey = await send(`${sut.url}/api/docs/tenant-service.json`, {
      headers: { 'x-api-key': API_KEY },
    });
    const gatewayAnonymous = await send(`${sut.url}/api/docs/api-gateway.json`);

    expect(anonymous.status).toBe(401);
    expect(withApiKey.status).toBe(403);
    expect(withApiKey.json().message).toBe('this route is for signed-in users only');
    expect(gatewayAnonymous.status).toBe(401);
  });

  it('answers 503 for the document of a service that is down and 404 for an unknown one', async () => {
    const down = await send(`${sut.url}/api/docs/auth-service.json`, { headers: { authorization: bearer } });
    const unknown = await send(`${sut.url}/api/docs/billing-service.json`, {
      headers: { authorization: bearer },
    });

    expect(down.status).toBe(503);
    expect(down.json()).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'auth-service is unavailable',
    });
    expect(unknown.status).toBe(404);
  });
});
