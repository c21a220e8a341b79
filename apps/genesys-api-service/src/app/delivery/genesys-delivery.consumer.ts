import { consumerOptions } from '@switchboard/backend-util-config';
import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ConsumerRegistry, type WorkQueueConsumer } from '@switchboard/backend-util-messaging';
import {
  customerOrderingKey,
  genesysDeliverySchema,
  QUEUES,
  type GenesysDelivery,
} from '@switchboard/shared-contracts';
import {
  GENESYS_API_SERVICE_CONFIG,
  type GenesysApiServiceConfig,
} from '../config/genesys-api-service.config';
import { GenesysDeliveryService } from './genesys-delivery.service';

/**
 * Consumes `genesys.delivery`. The queue is ordered: one customer's deliveries go to Genesys
 * one after the other, in the order they arrived, retries included.
 */
@Injectable()
export class GenesysDeliveryConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer: WorkQueueConsumer<GenesysDelivery> | undefined;

  constructor(
    private readonly consumers: ConsumerRegistry,
    private readonly deliveries: GenesysDeliveryService,
    @Inject(GENESYS_API_SERVICE_CONFIG) private readonly config: GenesysApiServiceConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.consumer = await this.consumers.start<GenesysDelivery>({
      queue: QUEUES.GENESYS_DELIVERY,
      payloadSchema: genesysDeliverySchema,
      ...consumerOptions(this.config),
      retry: {
        maxAttempts: this.config.GENESYS_MAX_ATTEMPTS,
        baseDelayMs: this.config.GENESYS_RETRY_BASE_DELAY_MS,
        maxDelayMs: this.config.GENESYS_RETRY_MAX_DELAY_MS,
        // 429s and an open breaker only defer (never dead-letter for that alone); this cap only
        // stops a message that would otherwise wait for ever (10,000 waits of ≥ 1 s: hours).
        maxRetryLater: 10_000,
      },
      orderingKey: (envelope) =>
        customerOrderingKey(envelope.tenantId, envelope.payload.phoneNumberId, envelope.payload.customerWaId),
      handler: (envelope) => this.deliveries.deliver(envelope),
    });
  }

  /** Stops taking deliveries and lets the running ones finish before connections close. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }
}
