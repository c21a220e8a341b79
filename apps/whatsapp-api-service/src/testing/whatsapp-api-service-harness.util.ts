import { createHash, randomUUID } from 'node:crypto';
import {
  MEDIA_BUCKETS,
  ObjectStorage,
  startLocalS3Server,
  type LocalS3Server,
} from '@switchboard/backend-data-access-object-storage';
import { TEST_REDIS_URL } from '@switchboard/backend-testing-infra';
import {
  ServiceHarness,
  ServiceUnderTest,
  eventually,
  type PipelineTap,
  type QueueReader,
  type TestDeadLetter,
} from '@switchboard/backend-testing-platform';
import { DEV_S3_CREDENTIAL } from '@switchboard/backend-util-config';
import {
  QUEUES,
  ROUTING_KEYS,
  type Envelope,
  type StoredOutboundMedia,
  type WhatsAppDelivery,
  type WhatsAppDeliveryOutcome,
} from '@switchboard/shared-contracts';
import Redis from 'ioredis';
import { AppModule } from '../app/app.module';
import { SERVICE_NAME, loadWhatsAppApiServiceConfig } from '../app/config/whatsapp-api-service.config';
import { deliveryEnvelope, type Customer } from './deliveries.fixture';
import { startFakePlatform, type FakePlatform } from './fake-platform.util';
import { WhatsAppSimulator } from './whatsapp-simulator.util';

const SERVICE_SECRET = 'integration-test-service-secret';

export interface TestTenant {
  readonly tenantId: string;
  readonly phoneNumberId: string;
  readonly integrationId: string;
  /** A customer of the tenant's number (a fresh wa_id per call). */
  customer(): Customer;
}

export type DeadLetter = TestDeadLetter<WhatsAppDelivery>;

/**
 * whatsapp-api-service as main.ts starts it (see ServiceUnderTest), with the real WhatsApp
 * simulator (child process), a local S3 server and in-test fakes of auth-service, tenant-service
 * and state-manager; with a tap on `whatsapp.delivery.outcome` and access to the DLQ.
 */
export class WhatsAppApiServiceHarness extends ServiceHarness {
  /** Outcomes taken from the queue while looking for another message's. */
  private readonly setAside: Envelope<WhatsAppDeliveryOutcome>[] = [];
  /** Sees the service's keys with their prefix. */
  private readonly unprefixedRedis = new Redis(TEST_REDIS_URL);
  private tenants = 0;

  private constructor(
    readonly simulator: WhatsAppSimulator,
    readonly platform: FakePlatform,
    readonly storage: ObjectStorage,
    private readonly s3: LocalS3Server,
    service: ServiceUnderTest,
    private readonly outcomes: PipelineTap<WhatsAppDeliveryOutcome>,
    private readonly deadLetters: QueueReader<DeadLetter>,
  ) {
    super(service);
  }

  static async start(label: string, env: Record<string, string> = {}): Promise<WhatsAppApiServiceHarness> {
    const simulator = await WhatsAppSimulator.start();
    let minted = 0;
    const platform = await startFakePlatform({
      serviceName: SERVICE_NAME,
      serviceSecret: SERVICE_SECRET,
      mintToken: async (phoneNumberId) => {
        minted += 1;
        const token = `token-${phoneNumberId}-${minted}`;
        await simulator.registerToken(phoneNumberId, token);
        return token;
      },
    });
    const s3 = await startLocalS3Server();
    const storage = new ObjectStorage({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      accessKeyId: DEV_S3_CREDENTIAL,
      secretAccessKey: DEV_S3_CREDENTIAL,
      forcePathStyle: true,
    });
    const service = await ServiceUnderTest.start({
      label: `whatsapp-api-${label}`,
      platformBaseUrl: platform.baseUrl,
      config: (testEnv) =>
        loadWhatsAppApiServiceConfig({
          ...testEnv,
          SERVICE_CLIENT_SECRET: SERVICE_SECRET,
          WHATSAPP_GRAPH_BASE_URL: simulator.baseUrl,
          ALLOW_INSECURE_CLOUD_URLS: 'true',
          S3_ENDPOINT: s3.endpoint,
          WHATSAPP_MAX_ATTEMPTS: '3',
          WHATSAPP_RETRY_BASE_DELAY_MS: '50',
          WHATSAPP_RETRY_MAX_DELAY_MS: '200',
          WHATSAPP_RATE_LIMIT_PER_SECOND: '1000',
          CONSUMER_CONCURRENCY: '16',
          CONSUMER_PREFETCH: '64',
          ...env,
        }),
      httpOptions: (config, logDestination) => ({
        rootModule: AppModule.forRoot(config, { logDestination, logLevel: 'info' }),
        port: 0,
      }),
    });
    return new WhatsAppApiServiceHarness(
      simulator,
      platform,
      storage,
      s3,
      service,
      await service.tap<WhatsAppDeliveryOutcome>(ROUTING_KEYS.WHATSAPP_DELIVERY_OUTCOME),
      service.deadLetters<WhatsAppDelivery>(QUEUES.WHATSAPP_DELIVERY),
    );
  }

  /** A tenant with its own number at the simulator, tenant-service and the token broker. */
  async addTenant(throughputTier?: number): Promise<TestTenant> {
    this.tenants += 1;
    const tenantNumber = String(this.tenants).padStart(3, '0');
    const tenantId = randomUUID();
    const phoneNumberId = `109876543${String(Date.now() % 1000).padStart(3, '0')}${tenantNumber}`;
    const integrationId = randomUUID();
    await this.simulator.addNumber(phoneNumberId);
    this.platform.add({ tenantId, phoneNumberId, integrationId, throughputTier });
    let customers = 0;
    return {
      tenantId,
      phoneNumberId,
      integrationId,
      customer: () => {
        customers += 1;
        return {
          integrationId,
          phoneNumberId,
          customerWaId: `1555${tenantNumber}${String(customers).padStart(4, '0')}`,
        };
      },
    };
  }

  /** An attachment stored as outbound-transformer stores it (`media-outbound/<tenant>/…`). */
  async storeMedia(tenantId: string, bytes: Buffer, mimeType: string): Promise<StoredOutboundMedia> {
    const key = `${tenantId}/${randomUUID()}/0`;
    await this.storage.put({ bucket: MEDIA_BUCKETS.OUTBOUND, key, body: bytes, contentType: mimeType });
    return {
      kind: 'image',
      bucket: MEDIA_BUCKETS.OUTBOUND,
      key,
      mimeType,
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      filename: 'photo.png',
    };
  }

  /** Publishes a delivery on `whatsapp.delivery` as outbound-transformer does. */
  async deliver(tenantId: string, payload: WhatsAppDelivery): Promise<Envelope<WhatsAppDelivery>> {
    const envelope = deliveryEnvelope(tenantId, payload);
    await this.service.publisher.publish(ROUTING_KEYS.WHATSAPP_DELIVERY, envelope);
    return envelope;
  }

  /** The next outcome of one Genesys message (outcomes of other messages are put aside and kept). */
  async outcomeOf(genesysMessageId: string, timeoutMs = 15_000): Promise<Envelope<WhatsAppDeliveryOutcome>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.setAside.findIndex(
        (outcome) => outcome.payload.genesysMessageId === genesysMessageId,
      );
      if (index >= 0) return this.setAside.splice(index, 1)[0] as Envelope<WhatsAppDeliveryOutcome>;
      this.setAside.push(await this.outcomes.one(Math.max(1, deadline - Date.now())));
    }
  }

  /** Outcomes of one Genesys message published so far (taken from the queue and kept aside). */
  async publishedOutcomesOf(genesysMessageId: string): Promise<number> {
    for (let outcome = await this.outcomes.take(); outcome; outcome = await this.outcomes.take()) {
      this.setAside.push(outcome);
    }
    return this.setAside.filter((outcome) => outcome.payload.genesysMessageId === genesysMessageId).length;
  }

  /** Outcomes published and not yet taken. */
  async pendingOutcomes(): Promise<number> {
    return (await this.outcomes.count()) + this.setAside.length;
  }

  /** The next dead letter of the delivery queue, with its reason. */
  nextDeadLetter(timeoutMs = 15_000): Promise<DeadLetter> {
    return this.deadLetters.one(timeoutMs);
  }

  deadLetterCount(): Promise<number> {
    return this.deadLetters.count();
  }

  /** The service's Redis keys matching `pattern` (after its prefix). */
  async redisKeys(pattern: string): Promise<string[]> {
    const keys = await this.unprefixedRedis.keys(`${this.service.redisKeyPrefix}${pattern}`);
    return keys.map((key) => key.slice(this.service.redisKeyPrefix.length));
  }

  /** Writes a "part sent" record as an earlier run (killed before its ack) would have. */
  async recordSentPart(
    tenantId: string,
    genesysMessageId: string,
    index: number,
    wamid: string,
  ): Promise<void> {
    await this.unprefixedRedis.set(
      `${this.service.redisKeyPrefix}sent:${tenantId}:${genesysMessageId}:${index}`,
      JSON.stringify({ wamid, sentAt: new Date().toISOString() }),
      'EX',
      3600,
    );
  }

  async close(): Promise<void> {
    await this.service.stop();
    await this.simulator.stop();
    await this.platform.close();
    this.storage.close();
    await this.s3.close();
    this.unprefixedRedis.disconnect();
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
