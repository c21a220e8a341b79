import { consumerOptions } from '@switchboard/backend-util-config';
import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import {
  ConsumerRegistry,
  resolveRetryPolicy,
  type RetryPolicy,
  type WorkQueueConsumer,
} from '@switchboard/backend-util-messaging';
import {
  customerOrderingKey,
  QUEUES,
  whatsAppDeliverySchema,
  type WhatsAppDelivery,
} from '@switchboard/shared-contracts';
import {
  WHATSAPP_API_SERVICE_CONFIG,
  type WhatsAppApiServiceConfig,
} from '../config/whatsapp-api-service.config';
import { WhatsAppDeliveryService } from './whatsapp-delivery.service';

/** The retry policy of `whatsapp.delivery` (architecture: 5 attempts, 1 s → 60 s with jitter, then DLQ). */
export function whatsAppDeliveryRetryPolicy(config: WhatsAppApiServiceConfig): RetryPolicy {
  return resolveRetryPolicy({
    maxAttempts: config.WHATSAPP_MAX_ATTEMPTS,
    baseDelayMs: config.WHATSAPP_RETRY_BASE_DELAY_MS,
    maxDelayMs: config.WHATSAPP_RETRY_MAX_DELAY_MS,
    // Rate limits and an open breaker only defer (no attempt spent); this cap stops a message
    // that would otherwise wait for ever, and then the agent is told (RateLimited / ServerError).
    maxRetryLater: config.WHATSAPP_MAX_DEFERRALS,
  });
}

/**
 * Consumes `whatsapp.delivery`. The queue is ordered: one customer's messages go to WhatsApp one
 * after the other, in the order the agent sent them, retries included; other customers (and
 * other tenants, within CONSUMER_MAX_ACTIVE_PER_TENANT) run beside them.
 */
@Injectable()
export class WhatsAppDeliveryConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer: WorkQueueConsumer<WhatsAppDelivery> | undefined;

  constructor(
    private readonly consumers: ConsumerRegistry,
    private readonly deliveries: WhatsAppDeliveryService,
    @Inject(WHATSAPP_API_SERVICE_CONFIG) private readonly config: WhatsAppApiServiceConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.consumer = await this.consumers.start<WhatsAppDelivery>({
      queue: QUEUES.WHATSAPP_DELIVERY,
      payloadSchema: whatsAppDeliverySchema,
      ...consumerOptions(this.config),
      retry: whatsAppDeliveryRetryPolicy(this.config),
      orderingKey: (envelope) =>
        customerOrderingKey(envelope.tenantId, envelope.payload.phoneNumberId, envelope.payload.customerWaId),
      handler: (envelope, context) =>
        this.deliveries.deliver(envelope, {
          attempt: context.attempt,
          retryLaterCount: context.retryLaterCount,
          redelivered: context.redelivered,
        }),
    });
  }

  /** Stops taking deliveries and lets the running ones finish before connections close. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }
}
