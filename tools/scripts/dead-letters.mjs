#!/usr/bin/env node
// Operators' view of the dead-letter queues until the admin dashboard has one:
//   node tools/scripts/dead-letters.mjs counts
//   node tools/scripts/dead-letters.mjs list <work queue> [limit=20]
//   node tools/scripts/dead-letters.mjs replay <work queue> [--message-id <envelope id>] [--limit N]
// RABBITMQ_URL (default: the local sandbox vhost) says which broker. Listing returns every
// message to its place; replay puts each one back on its work queue once the broker confirmed it.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const workspaceRoot = path.resolve(import.meta.dirname, '../..');
process.env.SWC_NODE_PROJECT ??= path.join(workspaceRoot, 'tsconfig.base.json');
require('@swc-node/register');

const { WORK_QUEUES } = require(path.join(workspaceRoot, 'libs/shared/contracts/src/index.ts'));
const { LOCAL_RABBITMQ_URL } = require(path.join(workspaceRoot, 'libs/backend/util-config/src/index.ts'));
const { ConfirmedPublisher, DeadLetterService, MessagingConnection } = require(
  path.join(workspaceRoot, 'libs/backend/util-messaging/src/index.ts'),
);

const [command, queueArg, ...rest] = process.argv.slice(2);
const option = (name) => {
  const index = rest.indexOf(name);
  return index < 0 ? undefined : rest[index + 1];
};
const dlqQueues = WORK_QUEUES.filter((definition) => definition.deadLetter).map(
  (definition) => definition.queue,
);

function usage(message) {
  if (message) console.error(message);
  console.error(
    'usage: dead-letters.mjs counts | list <queue> [limit] | replay <queue> [--message-id ID] [--limit N]',
  );
  console.error(`queues: ${dlqQueues.join(', ')}`);
  process.exit(2);
}

if (!['counts', 'list', 'replay'].includes(command)) usage();
if (command !== 'counts' && !dlqQueues.includes(queueArg))
  usage(`unknown work queue: ${queueArg ?? '(none)'}`);

const quiet = { log: () => undefined, warn: () => undefined, error: (line) => console.error(line) };
const connection = new MessagingConnection({
  url: process.env.RABBITMQ_URL ?? LOCAL_RABBITMQ_URL,
  connectionName: 'dead-letters-cli',
  logger: quiet,
});
const publisher = new ConfirmedPublisher(connection);
const deadLetters = new DeadLetterService(connection, publisher);
try {
  if (command === 'counts') {
    for (const queue of dlqQueues)
      console.log(`${String(await deadLetters.count(queue)).padStart(7)}  ${queue}.dlq`);
  } else if (command === 'list') {
    const letters = await deadLetters.list(queueArg, Number(rest[0] ?? 20));
    for (const letter of letters) {
      console.log(
        JSON.stringify({
          messageId: letter.messageId,
          tenantId: letter.tenantId,
          correlationId: letter.correlationId,
          deadLetteredAt: letter.deadLetteredAt,
          attempt: letter.attempt,
          reason: letter.reason,
          type: letter.envelope?.type,
        }),
      );
    }
    if (letters.length === 0) console.log(`no dead letters in ${queueArg}.dlq`);
  } else {
    const limit = option('--limit');
    const replayed = await deadLetters.replay(queueArg, {
      messageId: option('--message-id'),
      limit: limit === undefined ? undefined : Number(limit),
    });
    console.log(`replayed ${replayed} message(s) onto ${queueArg}`);
  }
} finally {
  await publisher.close();
  await connection.close();
}
