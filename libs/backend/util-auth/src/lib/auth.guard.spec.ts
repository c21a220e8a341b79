import { Controller, Get, INestApplication, Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Public } from '@switchboard/backend-util-observability';
import { SignJWT } from 'jose';
import request from 'supertest';
import { ApiKeyResolver } from './api-key-resolver';
import { CurrentPrincipal, Roles, ServiceOnly, Tenant } from './auth.decorators';
import { AuthModule } from './auth.module';
import type { ApiKeyPrincipal, Principal, TenantContext } from './principal';
import { generateSigningKey, signAccessToken, signServiceToken, type SigningKey } from './token-signer';
import { localJwks } from './token-verifier';
import { publishOpenApi } from './openapi';

const VALID_API_KEY = 'sb_live_tenant-b-key';

@Injectable()
class FakeApiKeys extends ApiKeyResolver {
  async resolve(key: string): Promise<ApiKeyPrincipal | null> {
    return key === VALID_API_KEY
      ? { kind: 'api-key', keyId: 'k1', tenantId: 'tenant-b', role: 'tenant-admin' }
      : null;
  }
}

@Controller()
class ProbeController {
  @Get('open')
  @Public()
  open() {
    return { ok: true };
  }

  @Get('me')
  me(@CurrentPrincipal() principal: Principal) {
    return principal;
  }

  @Get('tenant')
  tenant(@Tenant() tenant: TenantContext) {
    return { tenantId: tenant.tenantId };
  }

  @Get('admin')
  @Roles('tenant-admin', 'platform-admin')
  admin() {
    return { ok: true };
  }

  @Get('internal')
  @ServiceOnly('state-manager')
  internal(@CurrentPrincipal() principal: Principal) {
    return principal;
  }
}

describe('SwitchboardAuthGuard', () => {
  let app: INestApplication;
  let key: SigningKey;
  let foreignKey: SigningKey;

  beforeAll(async () => {
    key = await generateSigningKey('k-1');
    foreignKey = await generateSigningKey('k-1');
    const moduleRef = await Test.createTestingModule({
      imports: [
        AuthModule.forRoot(
          { serviceName: 'tenant-service', keys: localJwks({ keys: [key.publicJwk] }) },
          FakeApiKeys,
        ),
      ],
      controllers: [ProbeController],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    publishOpenApi(app, 'probe', 'test service');
    await app.init();
  });

  afterAll(() => app.close());

  const agentOfA = () => signAccessToken(key, { userId: 'u-1', tenantId: 'tenant-a', role: 'agent' }, 60);
  const server = () => app.getHttpServer();

  it('lets anyone reach a route marked public', async () => {
    await request(server()).get('/open').expect(200);
  });

  it('refuses every other route without credentials', async () => {
    const response = await request(server()).get('/me').expect(401);
    expect(response.body.message).toMatch(/missing credentials/);
  });

  it('accepts a valid access token and exposes the principal and its tenant', async () => {
    const token = await agentOfA();
    const me = await request(server()).get('/me').set('authorization', `Bearer ${token}`).expect(200);
    expect(me.body).toEqual({ kind: 'user', userId: 'u-1', tenantId: 'tenant-a', role: 'agent' });
    const tenant = await request(server()).get('/tenant').set('authorization', `Bearer ${token}`).expect(200);
    expect(tenant.body).toEqual({ tenantId: 'tenant-a' });
  });

  it('refuses a token signed by another key, an expired one and a malformed header', async () => {
    const forged = await signAccessToken(
      foreignKey,
      { userId: 'u-1', tenantId: 'tenant-a', role: 'platform-admin' },
      60,
    );
    await request(server()).get('/me').set('authorization', `Bearer ${forged}`).expect(401);
    const expired = await new SignJWT({ token_use: 'access', tid: 'tenant-a', role: 'agent' })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .setIssuer('switchboard-auth')
      .setAudience('switchboard-api')
      .setSubject('u-1')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 120)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(key.privateKey);
    await request(server()).get('/me').set('authorization', `Bearer ${expired}`).expect(401);
    await request(server()).get('/me').set('authorization', 'Basic abc').expect(401);
  });

  it('refuses an unsigned token (alg none)', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({
        iss: 'switchboard-auth',
        aud: 'switchboard-api',
        sub: 'u',
        token_use: 'access',
        role: 'platform-admin',
        tid: null,
        exp: 9999999999,
        iat: 1,
      }),
    ).toString('base64url');
    await request(server()).get('/me').set('authorization', `Bearer ${header}.${payload}.`).expect(401);
  });

  it('accepts a tenant API key as tenant-admin of its tenant and refuses an unknown one', async () => {
    const tenant = await request(server()).get('/tenant').set('x-api-key', VALID_API_KEY).expect(200);
    expect(tenant.body).toEqual({ tenantId: 'tenant-b' });
    await request(server()).get('/admin').set('x-api-key', VALID_API_KEY).expect(200);
    await request(server()).get('/me').set('x-api-key', 'sb_live_unknown').expect(401);
  });

  it('answers 403 to a role that is too weak', async () => {
    await request(server())
      .get('/admin')
      .set('authorization', `Bearer ${await agentOfA()}`)
      .expect(403);
  });

  it('gives a platform-admin no tenant of its own', async () => {
    const token = await signAccessToken(key, { userId: 'root', tenantId: null, role: 'platform-admin' }, 60);
    await request(server()).get('/admin').set('authorization', `Bearer ${token}`).expect(200);
    await request(server()).get('/tenant').set('authorization', `Bearer ${token}`).expect(403);
  });

  it('opens an internal route only to a service token with this audience from an allowed caller', async () => {
    const allowed = await signServiceToken(key, 'state-manager', 'tenant-service', 60);
    const body = await request(server())
      .get('/internal')
      .set('authorization', `Bearer ${allowed}`)
      .expect(200);
    expect(body.body).toEqual({ kind: 'service', service: 'state-manager' });

    const otherCaller = await signServiceToken(key, 'whatsapp-api-service', 'tenant-service', 60);
    await request(server()).get('/internal').set('authorization', `Bearer ${otherCaller}`).expect(403);
    const wrongAudience = await signServiceToken(key, 'state-manager', 'auth-service', 60);
    await request(server()).get('/internal').set('authorization', `Bearer ${wrongAudience}`).expect(401);
    await request(server())
      .get('/internal')
      .set('authorization', `Bearer ${await agentOfA()}`)
      .expect(403);
  });

  it('keeps service tokens off user routes', async () => {
    const serviceToken = await signServiceToken(key, 'state-manager', 'tenant-service', 60);
    await request(server()).get('/me').set('authorization', `Bearer ${serviceToken}`).expect(403);
  });

  it('serves the OpenAPI document to api-gateway only', async () => {
    const gateway = await signServiceToken(key, 'api-gateway', 'tenant-service', 60);
    const document = await request(server())
      .get('/internal/openapi.json')
      .set('authorization', `Bearer ${gateway}`)
      .expect(200);
    expect(Object.keys(document.body.paths)).toEqual(expect.arrayContaining(['/me', '/tenant', '/admin']));
    expect(Object.keys(document.body.paths)).not.toContain('/internal/openapi.json');
    await request(server())
      .get('/internal/openapi.json')
      .set('authorization', `Bearer ${await agentOfA()}`)
      .expect(403);
    await request(server()).get('/internal/openapi.json').expect(401);
  });
});
