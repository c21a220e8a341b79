import { z } from 'zod';

/** W3C trace context `traceparent`: version-traceid-parentid-flags. */
export const TRACEPARENT_PATTERN = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

export const envelopeSchema = z.object({
  id: z.string().min(1),
  tenantId: z.string().min(1),
  correlationId: z.string().min(1),
  traceparent: z.string().regex(TRACEPARENT_PATTERN, 'must be a W3C traceparent'),
  occurredAt: z.iso.datetime({ offset: true }),
  attempt: z.number().int().min(0),
  type: z.string().min(1),
  payload: z.unknown(),
});

/** The one message shape on every hop of the pipeline. */
export interface Envelope<TPayload = unknown, TType extends string = string> {
  /** Unique id of this envelope (not of the WhatsApp or Genesys message it carries). */
  readonly id: string;
  readonly tenantId: string;
  readonly correlationId: string;
  /** W3C trace context of the hop that produced it. */
  readonly traceparent: string;
  /** ISO-8601 time of the event it describes. */
  readonly occurredAt: string;
  /** How many times delivery of this envelope has been retried (0 on first delivery). */
  readonly attempt: number;
  readonly type: TType;
  readonly payload: TPayload;
}
