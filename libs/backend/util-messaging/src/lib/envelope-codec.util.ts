import { envelopeSchema, type Envelope } from '@switchboard/shared-contracts';
import type { z } from 'zod';

export type DecodeResult<TPayload> =
  | {
      readonly ok: true;
      readonly envelope: Envelope<TPayload>;
      /** The JSON object as received, unknown fields included: what a retry republishes. */
      readonly json: Readonly<Record<string, unknown>>;
    }
  | { readonly ok: false; readonly reason: string };

/** `path: message; path: message` of a failed zod parse. */
export function formatZodIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses and validates a message body. Never throws: a body that is not JSON, not an envelope
 * or (with `payloadSchema`) not the expected payload comes back with a reason instead.
 */
export function decodeEnvelope<TPayload = unknown>(
  content: Buffer,
  payloadSchema?: z.ZodType<TPayload>,
): DecodeResult<TPayload> {
  let json: unknown;
  try {
    json = JSON.parse(content.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: `InvalidJson: ${error instanceof Error ? error.message : String(error)}` };
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success || !isRecord(json)) {
    return {
      ok: false,
      reason: `InvalidEnvelope: ${parsed.success ? 'not an object' : formatZodIssues(parsed.error)}`,
    };
  }
  if (!payloadSchema) {
    return { ok: true, envelope: parsed.data as Envelope<TPayload>, json };
  }
  const payload = payloadSchema.safeParse(parsed.data.payload);
  if (!payload.success) {
    return { ok: false, reason: `InvalidPayload: ${formatZodIssues(payload.error)}` };
  }
  return { ok: true, envelope: { ...parsed.data, payload: payload.data }, json };
}

export function encodeJson(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}
