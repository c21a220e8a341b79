import {
  ObjectStorage,
  startLocalS3Server,
  type LocalS3Server,
} from '@switchboard/backend-data-access-object-storage';
import { ServiceHarness, ServiceUnderTest, type TestDeadLetter } from '@switchboard/backend-testing-platform';
import { DEV_S3_CREDENTIAL } from '@switchboard/backend-util-config';
import {
  PIPELINE_MESSAGE_TYPES,
  QUEUES,
  ROUTING_KEYS,
  createEnvelope,
  type Envelope,
  type GenesysOutboundEvent,
} from '@switchboard/shared-contracts';
import {
  loadOutboundTransformerConfig,
  type OutboundTransformerConfig,
} from '../app/config/outbound-transformer.config';
import { outboundTransformerHttpOptions } from '../app/outbound-transformer.bootstrap';
import type { AttachmentNetwork } from './attachment-network.util';
import type { FakePlatform } from './fake-platform.util';

const ENVELOPE_TYPES = {
  message: PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_MESSAGE,
  receipt: PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_RECEIPT,
  typing: PIPELINE_MESSAGE_TYPES.GENESYS_OUTBOUND_TYPING,
} as const;

/** The envelope genesys-webhook-service publishes for a verified webhook body. */
export function outboundEnvelope(
  tenantId: string,
  kind: GenesysOutboundEvent['kind'],
  webhook: Record<string, unknown>,
  receivedAt = new Date().toISOString(),
): Envelope<GenesysOutboundEvent> {
  const channel = webhook['channel'] as { id: string; to: { id: string } };
  const conversationId = webhook['conversationId'];
  return createEnvelope({
    tenantId,
    type: ENVELOPE_TYPES[kind],
    payload: {
      kind,
      integrationId: channel.id,
      genesysMessageId: webhook['id'] as string,
      customerId: channel.to.id,
      ...(typeof conversationId === 'string' && { conversationId }),
      receivedAt,
      webhook,
    },
  });
}

/**
 * outbound-transformer as `main.ts` builds it (see ServiceUnderTest), with s3rver, a fake of the
 * platform services and a pretend Internet for attachments. Test input goes onto
 * `genesys.outbound.raw` like genesys-webhook-service's.
 */
export class OutboundTransformerHarness extends ServiceHarness<OutboundTransformerConfig> {
  private constructor(
    service: ServiceUnderTest<OutboundTransformerConfig>,
    readonly s3: LocalS3Server,
    readonly storage: ObjectStorage,
  ) {
    super(service);
  }

  static async start(
    label: string,
    platform: FakePlatform,
    network: AttachmentNetwork,
    env: Record<string, string> = {},
  ): Promise<OutboundTransformerHarness> {
    const s3 = await startLocalS3Server();
    const service = await ServiceUnderTest.start({
      label,
      platformBaseUrl: platform.baseUrl,
      config: (testEnv) =>
        loadOutboundTransformerConfig({
          ...testEnv,
          S3_ENDPOINT: s3.endpoint,
          MEDIA_ALLOW_HTTP_LOOPBACK: 'true',
          MEDIA_FETCH_TIMEOUT_MS: '5000',
          CONSUMER_CONCURRENCY: '4',
          CONSUMER_PREFETCH: '40',
          CONSUMER_MAX_HELD_PER_TENANT: '40',
          CONSUMER_MAX_ATTEMPTS: '3',
          MEDIA_FETCH_ATTEMPTS: '2',
          CONSUMER_RETRY_BASE_DELAY_MS: '50',
          CONSUMER_RETRY_MAX_DELAY_MS: '200',
          ...env,
        }),
      httpOptions: (config, logDestination) =>
        outboundTransformerHttpOptions(config, {
          logDestination,
          logLevel: 'info',
          mediaNetwork: { resolver: network.resolver, connector: network.connector },
        }),
    });
    const storage = new ObjectStorage({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      accessKeyId: DEV_S3_CREDENTIAL,
      secretAccessKey: DEV_S3_CREDENTIAL,
      forcePathStyle: true,
    });
    return new OutboundTransformerHarness(service, s3, storage);
  }

  /** Publishes a webhook body the way genesys-webhook-service does. */
  async deliver(
    tenantId: string,
    kind: GenesysOutboundEvent['kind'],
    webhook: Record<string, unknown>,
    receivedAt?: string,
  ): Promise<Envelope<GenesysOutboundEvent>> {
    const envelope = outboundEnvelope(tenantId, kind, webhook, receivedAt);
    await this.service.publisher.publish(ROUTING_KEYS.GENESYS_OUTBOUND_RAW, envelope);
    return envelope;
  }

  /** Dead letters of the outbound queue, with their reasons (taken off the queue). */
  deadLetters(count = 1, timeoutMs = 15_000): Promise<TestDeadLetter[]> {
    return this.service.deadLetters(QUEUES.OUTBOUND_RAW).next(count, timeoutMs);
  }

  async stop(): Promise<void> {
    await this.service.stop();
    this.storage.close();
    await this.s3.close();
  }
}
