import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { DatabaseModule, RedisModule } from '@switchboard/backend-data-access-persistence';
import {
  ApiKeyResolver,
  AuthModule,
  remoteJwks,
  type AuthModuleOptions,
} from '@switchboard/backend-util-auth';
import { MessagingModule } from '@switchboard/backend-util-messaging';
import { ObservabilityModule } from '@switchboard/backend-util-observability';
import type { JWTVerifyGetKey } from 'jose';
import { PassThrough } from 'node:stream';
import { serviceCoreImports, type ServiceCoreOptions } from './service-core-imports';

jest.mock('@switchboard/backend-util-auth', () => ({
  ...jest.requireActual('@switchboard/backend-util-auth'),
  remoteJwks: jest.fn(),
}));

@Module({})
class ExampleConfigModule {}

@Module({})
class ExampleKeysModule {}

class ExampleApiKeyResolver extends ApiKeyResolver {
  async resolve(): Promise<null> {
    return null;
  }
}

const CONFIG_MODULE: DynamicModule = { module: ExampleConfigModule };
const AUTH = { authServiceUrl: 'http://127.0.0.1:3001', serviceSecret: 'service-secret' };
const MINIMAL: ServiceCoreOptions = {
  serviceName: 'example-service',
  configModule: CONFIG_MODULE,
  auth: AUTH,
};
const REMOTE_KEYS: JWTVerifyGetKey = async () => {
  throw new Error('remote keys are not fetched in unit tests');
};
const TEST_KEYS: JWTVerifyGetKey = async () => {
  throw new Error('test keys are not used here');
};

/** The options the auth module's factory resolves to, as the service would get them. */
async function resolvedAuthOptions(
  forRootAsync: jest.SpyInstance<DynamicModule, Parameters<typeof AuthModule.forRootAsync>>,
): Promise<AuthModuleOptions> {
  const [[asyncOptions]] = forRootAsync.mock.calls;
  return (asyncOptions.useFactory as () => AuthModuleOptions | Promise<AuthModuleOptions>)();
}

describe(serviceCoreImports.name, () => {
  let observability: jest.SpyInstance<DynamicModule, Parameters<typeof ObservabilityModule.forRoot>>;

  beforeEach(() => {
    jest.restoreAllMocks();
    jest.mocked(remoteJwks).mockReset().mockReturnValue(REMOTE_KEYS);
    // The real one registers the default metrics in prom-client's global registry, once per process.
    observability = jest
      .spyOn(ObservabilityModule, 'forRoot')
      .mockReturnValue({ module: ObservabilityModule });
  });

  it('imports observability, the config module and authentication only when nothing else is given', () => {
    const database = jest.spyOn(DatabaseModule, 'forRoot');
    const redis = jest.spyOn(RedisModule, 'forRoot');
    const messaging = jest.spyOn(MessagingModule, 'forRoot');

    const sut = serviceCoreImports(MINIMAL);

    expect(sut.map((imported) => imported.module)).toEqual([
      ObservabilityModule,
      ExampleConfigModule,
      AuthModule,
    ]);
    expect(sut[1]).toBe(CONFIG_MODULE);
    expect(database).not.toHaveBeenCalled();
    expect(redis).not.toHaveBeenCalled();
    expect(messaging).not.toHaveBeenCalled();
  });

  it('imports PostgreSQL, Redis and RabbitMQ in that order, each connection named after the service', () => {
    const database = jest.spyOn(DatabaseModule, 'forRoot');
    const redis = jest.spyOn(RedisModule, 'forRoot');
    const messaging = jest.spyOn(MessagingModule, 'forRoot');

    const sut = serviceCoreImports({
      ...MINIMAL,
      database: {
        url: 'postgres://u:p@127.0.0.1:5432/db',
        schema: 'example',
        poolSize: 4,
        migrateOnStart: true,
      },
      redis: { url: 'redis://127.0.0.1:6379/0', keyPrefix: 'sb:example:' },
      messaging: { url: 'amqp://guest:guest@127.0.0.1:5672/x', publishTimeoutMs: 1234 },
    });

    expect(sut.map((imported) => imported.module)).toEqual([
      ObservabilityModule,
      ExampleConfigModule,
      DatabaseModule,
      RedisModule,
      MessagingModule,
      AuthModule,
    ]);
    expect(database).toHaveBeenCalledWith({
      url: 'postgres://u:p@127.0.0.1:5432/db',
      schema: 'example',
      poolSize: 4,
      migrateOnStart: true,
      applicationName: 'example-service',
    });
    expect(redis).toHaveBeenCalledWith({
      url: 'redis://127.0.0.1:6379/0',
      keyPrefix: 'sb:example:',
      connectionName: 'example-service',
    });
    expect(messaging).toHaveBeenCalledWith({
      url: 'amqp://guest:guest@127.0.0.1:5672/x',
      publishTimeoutMs: 1234,
      connectionName: 'example-service',
      logger: expect.any(Logger),
    });
  });

  it('logs the messaging core under "Messaging" unless another context is given', () => {
    const messaging = jest.spyOn(MessagingModule, 'forRoot');

    serviceCoreImports({ ...MINIMAL, messaging: { url: 'amqp://127.0.0.1:5672/x' } });
    serviceCoreImports({
      ...MINIMAL,
      messaging: { url: 'amqp://127.0.0.1:5672/x', logContext: 'MessagingModule' },
    });

    const [[byDefault], [given]] = messaging.mock.calls;
    expect(byDefault.logger).toEqual(new Logger('Messaging'));
    expect(given.logger).toEqual(new Logger('MessagingModule'));
    expect(given.logger).not.toEqual(new Logger('Messaging'));
    expect(given).not.toHaveProperty('logContext');
  });

  it('logs at the overridden level, else the configured one, to the overridden destination', () => {
    const destination = new PassThrough();

    serviceCoreImports({ ...MINIMAL, logLevel: 'warn' });
    serviceCoreImports({
      ...MINIMAL,
      logLevel: 'warn',
      overrides: { logLevel: 'debug', logDestination: destination },
    });
    serviceCoreImports(MINIMAL);

    expect(observability.mock.calls).toEqual([
      [{ serviceName: 'example-service', level: 'warn', destination: undefined }],
      [{ serviceName: 'example-service', level: 'debug', destination }],
      [{ serviceName: 'example-service', level: undefined, destination: undefined }],
    ]);
  });

  it("verifies tokens with auth-service's JWKS and obtains service tokens from it by default", async () => {
    const auth = jest.spyOn(AuthModule, 'forRootAsync');

    serviceCoreImports(MINIMAL);

    expect(await resolvedAuthOptions(auth)).toEqual({
      serviceName: 'example-service',
      keys: REMOTE_KEYS,
      serviceTokens: { authServiceUrl: AUTH.authServiceUrl, serviceSecret: AUTH.serviceSecret },
    });
    expect(remoteJwks).toHaveBeenCalledWith(AUTH.authServiceUrl, 'example-service', AUTH.serviceSecret);
  });

  it('verifies tokens with the overridden keys and obtains no service tokens when told not to', async () => {
    const auth = jest.spyOn(AuthModule, 'forRootAsync');

    serviceCoreImports({
      ...MINIMAL,
      overrides: { keys: TEST_KEYS },
      auth: { ...AUTH, serviceTokens: false },
    });

    const resolved = await resolvedAuthOptions(auth);
    expect(resolved).toEqual({ serviceName: 'example-service', keys: TEST_KEYS });
    expect(resolved).not.toHaveProperty('serviceTokens');
    expect(remoteJwks).not.toHaveBeenCalled();
  });

  it('hands the API key resolver and the modules it needs to the auth module', () => {
    const auth = jest.spyOn(AuthModule, 'forRootAsync');

    const [authModule] = serviceCoreImports({
      ...MINIMAL,
      auth: { ...AUTH, imports: [ExampleKeysModule], apiKeyResolver: ExampleApiKeyResolver },
    }).slice(-1);

    expect(auth).toHaveBeenCalledWith(
      expect.objectContaining({ imports: [ExampleKeysModule], apiKeyResolver: ExampleApiKeyResolver }),
    );
    expect(authModule.imports).toContain(ExampleKeysModule);
    expect(authModule.providers).toContainEqual({ provide: ApiKeyResolver, useClass: ExampleApiKeyResolver });
  });
});
