import type { ConfirmedPublisher } from './confirmed.publisher';
import type { ConsumerObserver } from './consumer.observer';
import type { MessagingConnection } from './messaging.connection';
import type { MessagingLogger } from './messaging.logger';
import { WorkQueueConsumer, type WorkQueueConsumerOptions } from './work-queue.consumer';

/** Starts work-queue consumers on the shared connection and stops them all at shutdown. */
export class ConsumerRegistry {
  private readonly consumers = new Set<Pick<WorkQueueConsumer, 'stop'>>();

  constructor(
    private readonly connection: MessagingConnection,
    private readonly publisher: ConfirmedPublisher,
    private readonly logger?: MessagingLogger,
    private readonly observer?: ConsumerObserver,
  ) {}

  async start<TPayload>(options: WorkQueueConsumerOptions<TPayload>): Promise<WorkQueueConsumer<TPayload>> {
    const consumer = new WorkQueueConsumer<TPayload>(this.connection, this.publisher, {
      logger: this.logger,
      observer: this.observer,
      ...options,
    });
    await consumer.start();
    this.consumers.add(consumer);
    return consumer;
  }

  /** Stops consuming everywhere first, then waits for every consumer's running handlers. */
  async stopAll(): Promise<void> {
    const consumers = [...this.consumers];
    this.consumers.clear();
    await Promise.all(consumers.map((consumer) => consumer.stop()));
  }
}
