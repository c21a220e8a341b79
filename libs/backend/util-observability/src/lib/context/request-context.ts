import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes, randomUUID } from 'node:crypto';

/** What every log line, outgoing call and published message of one unit of work carries. */
export interface RequestContext {
  correlationId: string;
  traceparent: string;
  tenantId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `work` with `context` as the current context (HTTP request or consumed message). */
export function runWithContext<T>(context: RequestContext, work: () => T): T {
  return storage.run({ ...context }, work);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Records the tenant once it is known (after authentication or tenant resolution). */
export function setContextTenant(tenantId: string): void {
  const context = storage.getStore();
  if (context) context.tenantId = tenantId;
}

// Accepted from outside only when short and made of safe characters, so that a caller cannot
// inject log lines or huge values through the header.
const CORRELATION_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const TRACEPARENT_PATTERN = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export function acceptCorrelationId(candidate: unknown): string {
  return typeof candidate === 'string' && CORRELATION_ID_PATTERN.test(candidate) ? candidate : randomUUID();
}

export function newTraceparent(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
}

/** Continues the caller's trace with a new span, or starts a new trace. */
export function continueTraceparent(candidate: unknown): string {
  const match = typeof candidate === 'string' ? TRACEPARENT_PATTERN.exec(candidate) : null;
  if (!match || /^0+$/.test(match[1])) return newTraceparent();
  return `00-${match[1]}-${randomBytes(8).toString('hex')}-${match[3]}`;
}

/** Headers to pass the current context on to another service over HTTP. */
export function contextHttpHeaders(): Record<string, string> {
  const context = storage.getStore();
  if (!context) return {};
  return { 'x-correlation-id': context.correlationId, traceparent: continueTraceparent(context.traceparent) };
}

/**
 * Correlation fields for an envelope published from the current context, so that the next hop
 * logs under the same correlation id and continues the same trace.
 */
export function contextEnvelopeFields(): { correlationId?: string; traceparent?: string } {
  const context = storage.getStore();
  if (!context) return {};
  return { correlationId: context.correlationId, traceparent: continueTraceparent(context.traceparent) };
}
