import {
  ConfirmedPublisher,
  DeadLetterService,
  MessagingConnection,
  type DeadLetter,
} from '@switchboard/backend-util-messaging';
import type { QueueName } from '@switchboard/shared-contracts';

/** The test's own view of the platform's vhost: queue depths, dead letters, replay. */
export class BrokerInspector {
  private readonly connection: MessagingConnection;
  private readonly publisher: ConfirmedPublisher;
  readonly deadLetters: DeadLetterService;

  constructor(vhostUrl: string) {
    this.connection = new MessagingConnection({ url: vhostUrl, connectionName: 'e2e-inspector' });
    this.publisher = new ConfirmedPublisher(this.connection);
    this.deadLetters = new DeadLetterService(this.connection, this.publisher);
  }

  async depth(queue: string): Promise<number> {
    const { messageCount } = await this.connection.withChannel((channel) => channel.checkQueue(queue));
    return messageCount;
  }

  listDeadLetters(queue: QueueName, limit = 100): Promise<DeadLetter[]> {
    return this.deadLetters.list(queue, limit);
  }

  async close(): Promise<void> {
    await this.publisher.close();
    await this.connection.close();
  }
}
