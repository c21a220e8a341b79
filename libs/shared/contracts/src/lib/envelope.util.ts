import type { z } from 'zod';
import { envelopeSchema, type Envelope } from './envelope';
import { childTraceparent, createTraceparent } from './traceparent.util';
import {
  formatValidationErrors,
  validateWithSchema,
  type ValidationResult,
} from './validation/validation.util';

export interface CreateEnvelopeInput<TPayload, TType extends string> {
  readonly tenantId: string;
  readonly type: TType;
  readonly payload: TPayload;
  /** Defaults to the new envelope's id: the message starts a new chain. */
  readonly correlationId?: string;
  /** Defaults to a new trace. Pass `childTraceparent(parent.traceparent)` to continue one. */
  readonly traceparent?: string;
  /** Defaults to now. */
  readonly occurredAt?: string | Date;
}

export interface CreateChildEnvelopeInput<TPayload, TType extends string> {
  readonly type: TType;
  readonly payload: TPayload;
  readonly occurredAt?: string | Date;
}

/** A new envelope (attempt 0). Throws if the given fields would make an invalid envelope. */
export function createEnvelope<TPayload, TType extends string>(
  input: CreateEnvelopeInput<TPayload, TType>,
): Envelope<TPayload, TType> {
  const id = globalThis.crypto.randomUUID();
  const envelope: Envelope<TPayload, TType> = {
    id,
    tenantId: input.tenantId,
    correlationId: input.correlationId ?? id,
    traceparent: input.traceparent ?? createTraceparent(),
    occurredAt: toIsoString(input.occurredAt ?? new Date()),
    attempt: 0,
    type: input.type,
    payload: input.payload,
  };
  assertValidEnvelope(envelope);
  return envelope;
}

/** The envelope of a message produced while handling `parent`: same tenant and correlation, child span. */
export function createChildEnvelope<TPayload, TType extends string>(
  parent: Envelope,
  input: CreateChildEnvelopeInput<TPayload, TType>,
): Envelope<TPayload, TType> {
  return createEnvelope({
    ...input,
    tenantId: parent.tenantId,
    correlationId: parent.correlationId,
    traceparent: childTraceparent(parent.traceparent),
  });
}

/** Validates a received envelope and, when a schema is given, its payload (errors name `payload.…`). */
export function parseEnvelope(input: unknown): ValidationResult<Envelope>;
export function parseEnvelope<TPayload>(
  input: unknown,
  payloadSchema: z.ZodType<TPayload>,
): ValidationResult<Envelope<TPayload>>;
export function parseEnvelope(input: unknown, payloadSchema?: z.ZodType): ValidationResult<Envelope> {
  const schema =
    payloadSchema === undefined ? envelopeSchema : envelopeSchema.extend({ payload: payloadSchema });
  return validateWithSchema(schema, input);
}

function assertValidEnvelope(envelope: Envelope): void {
  const result = parseEnvelope(envelope);
  if (!result.ok) {
    throw new TypeError(`Invalid envelope:\n${formatValidationErrors(result.errors)}`);
  }
}

function toIsoString(value: string | Date): string {
  return typeof value === 'string' ? value : value.toISOString();
}
