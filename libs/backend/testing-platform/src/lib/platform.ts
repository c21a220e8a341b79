import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';
import path from 'node:path';
import { ServiceTokenClient } from '@switchboard/backend-util-auth';
import { StateManagerClient } from '@switchboard/backend-data-access-platform-clients';
import { startLocalS3Server, type LocalS3Server } from '@switchboard/backend-data-access-object-storage';
import {
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  createTestVhost,
  dropSchema,
  uniqueSuffix,
  type TestVhost,
} from '@switchboard/backend-testing-infra';
import { SERVICES } from '@switchboard/shared-contracts';
import { freePort } from './free-port.util';
import { runMigrations } from './migrations.util';
import { createPlatformSecrets, serviceClientSecretsVar, type PlatformSecrets } from './platform-secrets';
import { seedTenant, type SeededTenant, type TenantSeed } from './seed-tenant';
import { ServiceProcess, WORKSPACE_ROOT } from './service-process';
import { GenesysSimulatorControl, WhatsAppSimulatorControl } from './simulators.client';
import { TcpProxy } from './tcp-proxy.util';

export const PLATFORM_SERVICES = [
  'whatsapp-simulator',
  'genesys-simulator',
  'auth-service',
  'tenant-service',
  'state-manager',
  'genesys-api-service',
  'inbound-transformer',
  'whatsapp-webhook-service',
  'genesys-webhook-service',
  'outbound-transformer',
  'whatsapp-api-service',
] as const;
export type PlatformServiceName = (typeof PLATFORM_SERVICES)[number];

export interface PlatformOptions {
  /** Names the run's schemas, vhost, key prefix and log folder. */
  readonly label: string;
  readonly tenants?: readonly TenantSeed[];
  /** Extra environment per service (retry policies shortened for a test, ...). */
  readonly env?: Partial<Record<PlatformServiceName, Record<string, string>>>;
  /** Extra Node.js flags per service (profiling). */
  readonly nodeArgs?: Partial<Record<PlatformServiceName, readonly string[]>>;
  /** These services reach RabbitMQ through `brokerProxy`, which a test can cut. */
  readonly behindBrokerProxy?: readonly PlatformServiceName[];
}

export interface Platform {
  readonly secrets: PlatformSecrets;
  readonly services: Readonly<Record<PlatformServiceName, ServiceProcess>>;
  readonly whatsapp: WhatsAppSimulatorControl;
  readonly genesys: GenesysSimulatorControl;
  readonly tenants: readonly SeededTenant[];
  readonly vhost: TestVhost;
  /** state-manager's internal API, as agent-portal-service would call it. */
  readonly stateManager: StateManagerClient;
  readonly webhookUrl: string;
  readonly logDirectory: string;
  /** Between `behindBrokerProxy` services and RabbitMQ. */
  readonly brokerProxy: TcpProxy;
  /**
   * Moves a customer's last inbound message `ageMs` into the past (as if they had been silent
   * that long) and empties state-manager's cache so that the services see it at once.
   */
  ageConversation(
    tenantId: string,
    phoneNumberId: string,
    customerWaId: string,
    ageMs: number,
  ): Promise<void>;
  stop(): Promise<void>;
}

const DATABASE_SERVICES = ['auth-service', 'tenant-service', 'state-manager'] as const;

/**
 * Starts the inbound platform as separate processes from the built bundles: both simulators,
 * auth-service, tenant-service, state-manager, genesys-api-service, inbound-transformer and
 * whatsapp-webhook-service, on free loopback ports, with a fresh vhost, schemas, key prefix and
 * secrets; then onboards the tenants through tenant-service exactly as an operator would.
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const run = `${options.label.replace(/[^a-z0-9]/g, '_')}_${uniqueSuffix()}`;
  const logDirectory = path.join(WORKSPACE_ROOT, 'reports/e2e-logs', run);
  const secrets = await createPlatformSecrets();
  const vhost = await createTestVhost(`e2e-${options.label}`);
  const s3 = await startLocalS3Server();
  const brokerUrl = new URL(vhost.url);
  const brokerProxy = new TcpProxy(Number(brokerUrl.port || 5672), brokerUrl.hostname);
  const proxiedBrokerUrl = Object.assign(new URL(vhost.url), {
    port: String(await brokerProxy.listen()),
  }).toString();
  const ports = Object.fromEntries(
    await Promise.all(PLATFORM_SERVICES.map(async (name) => [name, await freePort()] as const)),
  ) as Record<PlatformServiceName, number>;
  const url = (name: PlatformServiceName) => `http://127.0.0.1:${ports[name]}`;
  const schema = (name: (typeof DATABASE_SERVICES)[number]) =>
    `e2e_${run}_${name.replaceAll('-', '_')}`.slice(0, 63);
  const redisPrefix = (name: string) => `e2e:${run}:${name}:`;
  const common = (name: PlatformServiceName) => ({
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: redisPrefix(name),
    RABBITMQ_URL: options.behindBrokerProxy?.includes(name) ? proxiedBrokerUrl : vhost.url,
    AUTH_SERVICE_URL: url('auth-service'),
    TENANT_SERVICE_URL: url('tenant-service'),
    STATE_MANAGER_URL: url('state-manager'),
    SERVICE_CLIENT_SECRET: secrets.serviceSecrets[name] ?? '',
    ALLOW_INSECURE_CLOUD_URLS: 'true',
  });
  const envs = platformEnvironments({ secrets, url, schema, common, s3 });
  const services = Object.fromEntries(
    PLATFORM_SERVICES.map((name) => [
      name,
      new ServiceProcess(
        {
          name,
          bundle: name,
          port: ports[name],
          env: { ...envs[name], ...options.env?.[name] },
          nodeArgs: options.nodeArgs?.[name],
        },
        logDirectory,
      ),
    ]),
  ) as Record<PlatformServiceName, ServiceProcess>;

  const stop = async () => {
    await Promise.all(Object.values(services).map((service) => service.stop().catch(() => undefined)));
    await Promise.all(DATABASE_SERVICES.map((name) => dropSchema(schema(name)).catch(() => undefined)));
    await vhost.remove().catch(() => undefined);
    await s3.close().catch(() => undefined);
    await brokerProxy.close();
  };

  try {
    await runMigrations(
      DATABASE_SERVICES.map((name) => ({
        service: name,
        env: { ...envs[name], DATABASE_SCHEMA: schema(name) },
      })),
    );
    await Promise.all([services['whatsapp-simulator'].start(), services['genesys-simulator'].start()]);
    await services['auth-service'].start();
    await services['tenant-service'].start();
    await Promise.all(
      (
        [
          'state-manager',
          'genesys-api-service',
          'inbound-transformer',
          'whatsapp-webhook-service',
          'genesys-webhook-service',
          'outbound-transformer',
          'whatsapp-api-service',
        ] as const
      ).map((name) => services[name].start()),
    );
    const whatsapp = new WhatsAppSimulatorControl(url('whatsapp-simulator'));
    const genesys = new GenesysSimulatorControl(url('genesys-simulator'));
    const tenants: SeededTenant[] = [];
    for (const [index, seed] of (options.tenants ?? [{}]).entries()) {
      tenants.push(
        await seedTenant({
          index,
          seed,
          secrets,
          authUrl: url('auth-service'),
          tenantUrl: url('tenant-service'),
          whatsapp,
          genesys,
        }),
      );
    }
    const serviceTokens = new ServiceTokenClient({
      authServiceUrl: url('auth-service'),
      serviceName: SERVICES.AGENT_PORTAL.name,
      serviceSecret: secrets.serviceSecrets[SERVICES.AGENT_PORTAL.name] as string,
    });
    const ageConversation = (tenantId: string, phoneNumberId: string, customerWaId: string, ageMs: number) =>
      ageCustomerWindow({
        schema: schema('state-manager'),
        cachePrefix: redisPrefix('state-manager'),
        tenantId,
        phoneNumberId,
        customerWaId,
        ageMs,
      });
    return {
      secrets,
      services,
      whatsapp,
      genesys,
      tenants,
      vhost,
      stateManager: new StateManagerClient({ baseUrl: url('state-manager'), serviceTokens }),
      webhookUrl: `${url('whatsapp-webhook-service')}/webhooks/whatsapp`,
      logDirectory,
      brokerProxy,
      ageConversation,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

interface EnvironmentInputs {
  readonly secrets: PlatformSecrets;
  readonly url: (name: PlatformServiceName) => string;
  readonly schema: (name: (typeof DATABASE_SERVICES)[number]) => string;
  readonly common: (name: PlatformServiceName) => Record<string, string>;
  readonly s3: LocalS3Server;
}

function platformEnvironments({
  secrets,
  url,
  schema,
  common,
  s3,
}: EnvironmentInputs): Record<PlatformServiceName, Record<string, string>> {
  return {
    'whatsapp-simulator': {
      APP_SECRET: secrets.metaAppSecret,
      VERIFY_TOKEN: secrets.whatsappVerifyToken,
      PUBLIC_BASE_URL: url('whatsapp-simulator'),
      WEBHOOK_URL: `${url('whatsapp-webhook-service')}/webhooks/whatsapp`,
      // A number no tenant owns: the simulator needs one; the tenants' numbers come from onboarding.
      SEED_PHONE_NUMBERS: `100000000000001:${randomBytes(12).toString('hex')}`,
      WEBHOOK_RETRY_INITIAL_DELAY_MS: '200',
      WEBHOOK_RETRY_MAX_DELAY_MS: '2000',
      WEBHOOK_MAX_ATTEMPTS: '20',
      AUTO_STATUS_ENABLED: 'false',
      MAX_RECORDED_SENDS: '20000',
    },
    'genesys-simulator': {
      PUBLIC_BASE_URL: url('genesys-simulator'),
      MAX_RECORDED_ITEMS: '20000',
      MAX_CONVERSATIONS: '20000',
    },
    'auth-service': {
      ...common('auth-service'),
      DATABASE_SCHEMA: schema('auth-service'),
      SERVICE_CLIENT_SECRETS: serviceClientSecretsVar(secrets),
      AUTH_SIGNING_KEYS: JSON.stringify(secrets.authSigningKeys),
      BOOTSTRAP_ADMIN_EMAIL: secrets.adminEmail,
      BOOTSTRAP_ADMIN_PASSWORD: secrets.adminPassword,
      GENESYS_LOGIN_BASE_URL: url('genesys-simulator'),
    },
    'tenant-service': {
      ...common('tenant-service'),
      DATABASE_SCHEMA: schema('tenant-service'),
      TENANT_ENCRYPTION_KEYS: `${secrets.tenantEncryptionKey.id}:${secrets.tenantEncryptionKey.key}`,
      TENANT_ENCRYPTION_ACTIVE_KEY_ID: secrets.tenantEncryptionKey.id,
      TENANT_FINGERPRINT_KEY: secrets.tenantFingerprintKey,
      GRAPH_API_BASE_URL: url('whatsapp-simulator'),
      META_APP_ID: '900000000000001',
      META_APP_SECRET: secrets.metaAppSecret,
      GENESYS_LOGIN_BASE_URL: url('genesys-simulator'),
      GENESYS_API_BASE_URL: url('genesys-simulator'),
      PUBLIC_WEBHOOK_BASE_URL: url('genesys-webhook-service'),
    },
    'state-manager': {
      ...common('state-manager'),
      DATABASE_SCHEMA: schema('state-manager'),
    },
    'genesys-api-service': {
      ...common('genesys-api-service'),
      GENESYS_API_BASE_URL: url('genesys-simulator'),
      GENESYS_RETRY_BASE_DELAY_MS: '200',
      GENESYS_RETRY_MAX_DELAY_MS: '1000',
      // Genesys's default (300 calls/min per token) would make every stream test take minutes.
      GENESYS_RATE_LIMIT_PER_MINUTE: '600000',
      GENESYS_RATE_LIMIT_BURST: '10000',
    },
    'inbound-transformer': {
      ...common('inbound-transformer'),
      WHATSAPP_GRAPH_BASE_URL: url('whatsapp-simulator'),
      ...s3Env(s3),
      INBOUND_CLAIM_LEASE_MS: '3000',
    },
    'whatsapp-webhook-service': {
      ...common('whatsapp-webhook-service'),
      META_APP_SECRET: secrets.metaAppSecret,
      WHATSAPP_VERIFY_TOKEN: secrets.whatsappVerifyToken,
      RABBITMQ_PUBLISH_TIMEOUT_MS: '2000',
    },
    'genesys-webhook-service': {
      ...common('genesys-webhook-service'),
      RABBITMQ_PUBLISH_TIMEOUT_MS: '2000',
    },
    'outbound-transformer': {
      ...common('outbound-transformer'),
      ...s3Env(s3),
      // The Genesys simulator serves attachments over plain http on 127.0.0.1.
      MEDIA_ALLOW_HTTP_LOOPBACK: 'true',
      OUTBOUND_CLAIM_LEASE_MS: '3000',
      CONSUMER_RETRY_BASE_DELAY_MS: '200',
      CONSUMER_RETRY_MAX_DELAY_MS: '1000',
    },
    'whatsapp-api-service': {
      ...common('whatsapp-api-service'),
      ...s3Env(s3),
      WHATSAPP_GRAPH_BASE_URL: url('whatsapp-simulator'),
      WHATSAPP_RETRY_BASE_DELAY_MS: '200',
      WHATSAPP_RETRY_MAX_DELAY_MS: '1000',
    },
  };
}

function s3Env(s3: LocalS3Server): Record<string, string> {
  return {
    S3_ENDPOINT: s3.endpoint,
    S3_REGION: 'us-east-1',
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    S3_FORCE_PATH_STYLE: 'true',
  };
}

interface AgeCustomerWindow {
  readonly schema: string;
  readonly cachePrefix: string;
  readonly tenantId: string;
  readonly phoneNumberId: string;
  readonly customerWaId: string;
  readonly ageMs: number;
}

async function ageCustomerWindow(inputs: AgeCustomerWindow): Promise<void> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [inputs.tenantId]);
    const updated = await client.query(
      `UPDATE "${inputs.schema}".conversations
          SET last_inbound_at = now() - make_interval(secs => $4::double precision / 1000)
        WHERE tenant_id = $1 AND phone_number_id = $2 AND customer_wa_id = $3 AND status = 'active'`,
      [inputs.tenantId, inputs.phoneNumberId, inputs.customerWaId, inputs.ageMs],
    );
    await client.query('COMMIT');
    if (updated.rowCount !== 1) throw new Error(`no active conversation of ${inputs.customerWaId} to age`);
  } finally {
    await client.end();
  }
  const redis = new Redis(TEST_REDIS_URL);
  try {
    const keys = await redis.keys(`${inputs.cachePrefix}cache:conversation:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}
