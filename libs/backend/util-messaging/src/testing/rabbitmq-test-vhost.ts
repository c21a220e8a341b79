import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

// Same shape as createTestVhost in @switchboard/backend-testing-infra, where this will move;
// a util library may not depend on a testing library, hence the copy for now.
const run = promisify(execFile);

const TEST_AMQP_BASE = process.env['TEST_AMQP_BASE_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';

export interface TestVhost {
  readonly name: string;
  /** amqp URL of the vhost, as guest. */
  readonly url: string;
  remove(): Promise<void>;
}

async function rabbitmqctl(...args: string[]): Promise<void> {
  await run('rabbitmqctl', ['-q', ...args], { timeout: 30_000 });
}

/** A fresh vhost on the local broker, so that a suite's queues cannot collide with another's. */
export async function createTestVhost(label: string): Promise<TestVhost> {
  const name = `sb-test-${label}-${randomBytes(4).toString('hex')}`;
  await rabbitmqctl('add_vhost', name);
  await rabbitmqctl('set_permissions', '-p', name, 'guest', '.*', '.*', '.*');
  return {
    name,
    url: `${TEST_AMQP_BASE}/${encodeURIComponent(name)}`,
    remove: () => rabbitmqctl('delete_vhost', name),
  };
}
