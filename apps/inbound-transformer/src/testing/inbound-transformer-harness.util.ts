import { startLocalS3Server, type LocalS3Server } from '@switchboard/backend-data-access-object-storage';
import { ServiceHarness, ServiceUnderTest, type TestDeadLetter } from '@switchboard/backend-testing-platform';
import {
  PIPELINE_MESSAGE_TYPES,
  QUEUES,
  ROUTING_KEYS,
  createEnvelope,
  type Envelope,
  type WhatsAppInboundEvent,
} from '@switchboard/shared-contracts';
import {
  loadInboundTransformerConfig,
  type InboundTransformerConfig,
} from '../app/config/inbound-transformer.config';
import { inboundTransformerHttpOptions } from '../app/inbound-transformer.bootstrap';
import type { FakePlatform } from './fake-platform.util';
import type { SampleItem } from './samples.util';
import type { WhatsAppSimulator } from './whatsapp-simulator.util';

/**
 * inbound-transformer as `main.ts` builds it (see ServiceUnderTest), with s3rver, the real WhatsApp
 * simulator and a fake of the three platform services. Test input goes onto `whatsapp.inbound.raw`
 * like whatsapp-webhook-service's.
 */
export class InboundTransformerHarness extends ServiceHarness<InboundTransformerConfig> {
  private constructor(
    service: ServiceUnderTest<InboundTransformerConfig>,
    readonly s3: LocalS3Server,
  ) {
    super(service);
  }

  static async start(
    label: string,
    simulator: WhatsAppSimulator,
    platform: FakePlatform,
    env: Record<string, string> = {},
  ): Promise<InboundTransformerHarness> {
    const s3 = await startLocalS3Server();
    const service = await ServiceUnderTest.start({
      label,
      platformBaseUrl: platform.baseUrl,
      config: (testEnv) =>
        loadInboundTransformerConfig({
          ...testEnv,
          WHATSAPP_GRAPH_BASE_URL: simulator.baseUrl,
          ALLOW_INSECURE_CLOUD_URLS: 'true',
          S3_ENDPOINT: s3.endpoint,
          CONSUMER_CONCURRENCY: '4',
          CONSUMER_PREFETCH: '40',
          CONSUMER_MAX_HELD_PER_TENANT: '40',
          ...env,
        }),
      httpOptions: (config, logDestination) =>
        inboundTransformerHttpOptions(config, { logDestination, logLevel: 'info' }),
    });
    return new InboundTransformerHarness(service, s3);
  }

  /** Publishes a webhook item the way whatsapp-webhook-service does. */
  async deliver(tenantId: string, event: SampleItem): Promise<Envelope<WhatsAppInboundEvent>> {
    const envelope = inboundEnvelope(tenantId, event);
    await this.service.publisher.publish(ROUTING_KEYS.WHATSAPP_INBOUND_RAW, envelope);
    return envelope;
  }

  /** Dead letters of the inbound queue, with their reasons (taken off the queue). */
  deadLetters(count = 1, timeoutMs = 15_000): Promise<TestDeadLetter[]> {
    return this.service.deadLetters(QUEUES.INBOUND_RAW).next(count, timeoutMs);
  }

  async stop(): Promise<void> {
    await this.service.stop();
    await this.s3.close();
  }
}

const ENVELOPE_TYPES = {
  message: PIPELINE_MESSAGE_TYPES.WHATSAPP_MESSAGE,
  status: PIPELINE_MESSAGE_TYPES.WHATSAPP_STATUS,
  error: PIPELINE_MESSAGE_TYPES.WHATSAPP_ERROR,
} as const;

export function inboundEnvelope(tenantId: string, event: SampleItem): Envelope<WhatsAppInboundEvent> {
  return createEnvelope({
    tenantId,
    type: ENVELOPE_TYPES[event.kind],
    payload: {
      kind: event.kind,
      phoneNumberId: event.phoneNumberId,
      displayPhoneNumber: event.displayPhoneNumber,
      wabaId: event.wabaId,
      ...(event.customerWaId ? { customerWaId: event.customerWaId } : {}),
      ...(event.contact ? { contact: event.contact } : {}),
      receivedAt: new Date().toISOString(),
      batchIndex: 0,
      item: event.item,
    },
  });
}
