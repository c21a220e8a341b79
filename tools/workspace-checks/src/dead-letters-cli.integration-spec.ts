import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestVhost, type TestVhost } from '@switchboard/backend-testing-infra';
import {
  ConfirmedPublisher,
  declareMessagingTopology,
  deadLetterQueueName,
  MessagingConnection,
} from '@switchboard/backend-util-messaging';
import { createEnvelope, EXCHANGES, MESSAGE_HEADERS, QUEUES } from '@switchboard/shared-contracts';

const run = promisify(execFile);
const workspaceRoot = path.resolve(__dirname, '../../..');
const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

describe('tools/scripts/dead-letters.mjs', () => {
  let vhost: TestVhost;
  let connection: MessagingConnection;
  let publisher: ConfirmedPublisher;

  const cli = async (...args: string[]) =>
    (
      await run(process.execPath, ['tools/scripts/dead-letters.mjs', ...args], {
        cwd: workspaceRoot,
        env: { ...process.env, RABBITMQ_URL: vhost.url },
      })
    ).stdout;

  beforeAll(async () => {
    vhost = await createTestVhost('dlq-cli');
    connection = new MessagingConnection({ url: vhost.url, connectionName: 'dlq-cli-test', logger: quiet });
    await connection.withChannel((channel) => declareMessagingTopology(channel));
    publisher = new ConfirmedPublisher(connection);
  });

  afterAll(async () => {
    await publisher?.close();
    await connection?.close();
    await vhost?.remove();
  });

  it('counts, lists with reasons and replays a dead letter onto its work queue', async () => {
    const envelope = createEnvelope({ tenantId: 'tenant-a', type: 'genesys.correlation', payload: {} });
    await publisher.publish(
      EXCHANGES.DEAD_LETTER,
      QUEUES.GENESYS_CORRELATION,
      Buffer.from(JSON.stringify(envelope)),
      {
        persistent: true,
        messageId: envelope.id,
        headers: { [MESSAGE_HEADERS.DEAD_LETTER_REASON]: 'StateConflictError: mapped to another customer' },
      },
    );

    expect(await cli('counts')).toMatch(new RegExp(`1  ${deadLetterQueueName(QUEUES.GENESYS_CORRELATION)}`));
    const listed = JSON.parse((await cli('list', QUEUES.GENESYS_CORRELATION)).trim()) as Record<
      string,
      unknown
    >;
    expect(listed).toMatchObject({
      messageId: envelope.id,
      reason: 'StateConflictError: mapped to another customer',
    });
    expect(await cli('replay', QUEUES.GENESYS_CORRELATION, '--message-id', envelope.id)).toMatch(
      /replayed 1 message/,
    );

    const depth = await connection.withChannel((channel) => channel.checkQueue(QUEUES.GENESYS_CORRELATION));
    expect(depth.messageCount).toBe(1);
    expect(await cli('counts')).toMatch(new RegExp(`0  ${deadLetterQueueName(QUEUES.GENESYS_CORRELATION)}`));
  });

  it('refuses an unknown queue with the list of queues', async () => {
    const failure = await cli('list', 'no-such-queue').catch(
      (error: { code: number; stderr: string }) => error,
    );

    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain(QUEUES.INBOUND_RAW);
  });
});
