import { randomBytes, randomUUID } from 'node:crypto';
import type { Envelope } from '@switchboard/shared-contracts';

/** A valid envelope with fresh ids; override what the test is about. */
export function buildTestEnvelope<TPayload = { text: string }>(
  overrides: Partial<Envelope<TPayload>> = {},
): Envelope<TPayload> {
  return {
    id: randomUUID(),
    tenantId: 'tenant-test',
    correlationId: randomUUID(),
    traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`,
    occurredAt: new Date().toISOString(),
    attempt: 0,
    type: 'test.message',
    payload: { text: 'hello' } as TPayload,
    ...overrides,
  };
}
