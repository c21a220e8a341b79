import { randomUUID } from 'node:crypto';
import {
  ServiceHarness,
  ServiceUnderTest,
  eventually,
  type PipelineTap,
  type QueueReader,
  type TestDeadLetter,
} from '@switchboard/backend-testing-platform';
import {
  QUEUES,
  ROUTING_KEYS,
  type Envelope,
  type GenesysCorrelation,
  type GenesysDelivery,
} from '@switchboard/shared-contracts';
import { AppModule } from '../app/app.module';
import { SERVICE_NAME, loadGenesysApiServiceConfig } from '../app/config/genesys-api-service.config';
import { deliveryEnvelope, type Customer } from './deliveries.fixture';
import { startFakePlatform, type FakeIntegration, type FakePlatform } from './fake-platform.util';
import { startGenesysSimulator, type GenesysSimulator } from './genesys-simulator-process.util';

const SERVICE_SECRET = 'integration-test-service-secret';

export interface TestTenant {
  readonly tenantId: string;
  readonly integration: FakeIntegration;
  /** A customer of the tenant's number (a fresh wa_id per call). */
  customer(): Customer;
}

export type DeadLetter = TestDeadLetter<GenesysDelivery>;

/**
 * genesys-api-service as main.ts starts it (see ServiceUnderTest), with the real Genesys simulator
 * (child process) and in-test fakes of auth-service and tenant-service; with a tap on
 * `genesys.correlation` and access to the DLQ.
 */
export class GenesysApiServiceHarness extends ServiceHarness {
  private tenants = 0;

  private constructor(
    readonly simulator: GenesysSimulator,
    readonly platform: FakePlatform,
    service: ServiceUnderTest,
    private readonly correlations: PipelineTap<GenesysCorrelation>,
    private readonly deadLetters: QueueReader<DeadLetter>,
  ) {
    super(service);
  }

  static async start(label: string, env: Record<string, string> = {}): Promise<GenesysApiServiceHarness> {
    const simulator = await startGenesysSimulator({});
    const platform = await startFakePlatform({
      genesysLoginBaseUrl: simulator.baseUrl,
      serviceName: SERVICE_NAME,
      serviceSecret: SERVICE_SECRET,
    });
    const service = await ServiceUnderTest.start({
      label: `genesys-api-${label}`,
      platformBaseUrl: platform.baseUrl,
      config: (testEnv) =>
        loadGenesysApiServiceConfig({
          ...testEnv,
          SERVICE_CLIENT_SECRET: SERVICE_SECRET,
          GENESYS_API_BASE_URL: simulator.baseUrl,
          ALLOW_INSECURE_CLOUD_URLS: 'true',
          GENESYS_MAX_ATTEMPTS: '3',
          GENESYS_RETRY_BASE_DELAY_MS: '50',
          GENESYS_RETRY_MAX_DELAY_MS: '200',
          GENESYS_RATE_LIMIT_PER_MINUTE: '600000',
          GENESYS_RATE_LIMIT_BURST: '10000',
          CONSUMER_CONCURRENCY: '16',
          CONSUMER_PREFETCH: '64',
          ...env,
        }),
      httpOptions: (config, logDestination) => ({
        rootModule: AppModule.forRoot(config, { logDestination, logLevel: 'info' }),
        port: 0,
      }),
    });
    return new GenesysApiServiceHarness(
      simulator,
      platform,
      service,
      await service.tap<GenesysCorrelation>(ROUTING_KEYS.GENESYS_CORRELATION),
      service.deadLetters<GenesysDelivery>(QUEUES.GENESYS_DELIVERY),
    );
  }

  /** A tenant with its own Genesys organisation, OAuth client and integration at the simulator. */
  async addTenant(region: string): Promise<TestTenant> {
    this.tenants += 1;
    const tenantNumber = String(this.tenants).padStart(3, '0');
    const tenantId = randomUUID();
    const integration: FakeIntegration = {
      tenantId,
      integrationId: randomUUID(),
      phoneNumberId: `109876543210${tenantNumber}`,
      region,
      clientId: `client-${tenantId}`,
      clientSecret: `secret-of-${tenantId}`,
    };
    const organizationId = `org-${tenantId}`;
    await this.simulator.control('POST', '/control/oauth-clients', {
      clientId: integration.clientId,
      clientSecret: integration.clientSecret,
      organizationId,
    });
    await this.simulator.control('POST', '/control/integrations', {
      id: integration.integrationId,
      organizationId,
      name: `Integration of tenant ${tenantNumber}`,
      outboundNotificationWebhookUrl: 'http://127.0.0.1:9/webhooks/genesys',
      outboundNotificationWebhookSignatureSecretToken: 'integration-test-webhook-secret',
    });
    this.platform.add(integration);
    let customers = 0;
    return {
      tenantId,
      integration,
      customer: () => {
        customers += 1;
        return {
          integrationId: integration.integrationId,
          phoneNumberId: integration.phoneNumberId,
          customerWaId: `1555${tenantNumber}${String(customers).padStart(4, '0')}`,
        };
      },
    };
  }

  /** Publishes a delivery on `genesys.delivery` as inbound-transformer does. */
  async deliver(tenantId: string, payload: GenesysDelivery): Promise<Envelope<GenesysDelivery>> {
    const envelope = deliveryEnvelope(tenantId, payload);
    await this.service.publisher.publish(ROUTING_KEYS.GENESYS_DELIVERY, envelope);
    return envelope;
  }

  /** The next envelope published on `genesys.correlation`. */
  nextCorrelation(timeoutMs = 10_000): Promise<Envelope<GenesysCorrelation>> {
    return this.correlations.one(timeoutMs);
  }

  /** Correlations published and not yet taken. */
  pendingCorrelations(): Promise<number> {
    return this.correlations.count();
  }

  /** The next dead letter of the delivery queue, with its reason. */
  nextDeadLetter(timeoutMs = 10_000): Promise<DeadLetter> {
    return this.deadLetters.one(timeoutMs);
  }

  deadLetterCount(): Promise<number> {
    return this.deadLetters.count();
  }

  async close(): Promise<void> {
    await this.service.stop();
    await this.simulator.stop();
    await this.platform.close();
  }
}

/** Polls `probe` until it returns something other than undefined, or fails after `timeoutMs`. */
export function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  return eventually(probe, timeoutMs, what, 25);
}
