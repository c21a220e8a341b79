import { z } from 'zod';
import { MAX_SPAN_MS } from '../common/bounds.constants';

/**
 * Which Graph routes a fault hits: sends, media (upload, retrieve, delete, download), Embedded
 * Signup onboarding (code exchange, register, subscribed_apps) or all.
 */
export const FAULT_ENDPOINTS = ['all', 'messages', 'media', 'onboarding'] as const;
export type FaultEndpoint = (typeof FAULT_ENDPOINTS)[number];

export const createFaultSchema = z
  .strictObject({
    /** Omit for a global fault. */
    phoneNumberId: z
      .string()
      .regex(/^\d{1,20}$/, 'must be digits')
      .optional(),
    endpoint: z.enum(FAULT_ENDPOINTS).default('all'),
    /** A WhatsApp/Graph error code answered with its Graph error body. */
    errorCode: z.number().int().min(0).optional(),
    /** The HTTP status: overrides the code's usual status, or alone a plain (non-Graph) failure. */
    httpStatus: z.number().int().min(400).max(599).optional(),
    message: z.string().min(1).optional(),
    details: z.string().min(1).optional(),
    /** Body of a plain HTTP failure (text/plain). */
    body: z.string().optional(),
    retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
    /** Answer this much later (alone: a slow but otherwise normal answer). */
    delayMs: z.number().int().min(0).max(600_000).optional(),
    /** Close the connection without answering. */
    drop: z.boolean().optional(),
    /** Only for the next N matching requests. */
    count: z.number().int().min(1).optional(),
    /** Only for this long from now. */
    durationMs: z.number().int().min(1).max(MAX_SPAN_MS).optional(),
  })
  .refine(
    (fault) =>
      fault.errorCode !== undefined ||
      fault.httpStatus !== undefined ||
      fault.delayMs !== undefined ||
      fault.drop === true,
    { message: 'one of errorCode, httpStatus, delayMs or drop is required' },
  );

export type CreateFaultDto = z.output<typeof createFaultSchema>;
