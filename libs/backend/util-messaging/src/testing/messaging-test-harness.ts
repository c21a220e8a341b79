import type { Channel, GetMessage } from 'amqplib';
import { ConfirmedPublisher, type ConfirmedPublisherOptions } from '../lib/confirmed.publisher';
import { MessagePublisher } from '../lib/message.publisher';
import { MessagingConnection } from '../lib/messaging.connection';
import { declareMessagingTopology } from '../lib/messaging.topology';
import { createTestVhost, type TestVhost } from '@switchboard/backend-testing-infra';
import { RecordingLogger } from './test-helpers';

/** A fresh vhost with the topology declared, a connection and publishers on it. */
export interface MessagingTestHarness {
  readonly vhost: TestVhost;
  readonly logger: RecordingLogger;
  readonly connection: MessagingConnection;
  readonly confirmed: ConfirmedPublisher;
  readonly publisher: MessagePublisher;
  /** Another connection to the same vhost, closed with the harness. */
  connect(name: string): MessagingConnection;
  /** Runs `work` on a throwaway channel of the harness connection. */
  withChannel<T>(work: (channel: Channel) => Promise<T>): Promise<T>;
  /** Takes one message off a queue (acked), or undefined. */
  take(queue: string): Promise<GetMessage | undefined>;
  close(): Promise<void>;
}

export async function startMessagingTestHarness(
  label: string,
  publisherOptions: ConfirmedPublisherOptions = {},
): Promise<MessagingTestHarness> {
  const vhost = await createTestVhost(label);
  const logger = new RecordingLogger();
  const extra: MessagingConnection[] = [];
  const connect = (name: string) => {
    const connection = new MessagingConnection({ url: vhost.url, connectionName: name, logger });
    extra.push(connection);
    return connection;
  };
  const connection = new MessagingConnection({ url: vhost.url, connectionName: 'test-harness', logger });
  await connection.withChannel((channel) => declareMessagingTopology(channel));
  const confirmed = new ConfirmedPublisher(connection, publisherOptions);
  const withChannel = <T>(work: (channel: Channel) => Promise<T>) => connection.withChannel(work);
  return {
    vhost,
    logger,
    connection,
    confirmed,
    publisher: new MessagePublisher(confirmed),
    connect,
    withChannel,
    take: (queue) => withChannel(async (channel) => (await channel.get(queue, { noAck: true })) || undefined),
    close: async () => {
      await confirmed.close();
      await Promise.all([connection, ...extra].map((c) => c.close()));
      await vhost.remove();
    },
  };
}
