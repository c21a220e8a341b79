import { z } from 'zod';
import { MAX_SPAN_MS } from '../core/bounds.constants';

export const FAULT_KINDS = ['rate-limit', 'server-error', 'delay'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * A fault rule: `target` is the host (`api`: /api/v2/..., `login`: /oauth/token);
 * `integrationId` narrows an `api` rule to one integration and `clientId` a rule to one OAuth
 * client (tenant); `count` and `durationMs` bound it (whichever ends first; neither: until deleted).
 */
export const createFaultSchema = z
  .object({
    target: z.enum(['api', 'login']).default('api'),
    integrationId: z.string().min(1).optional(),
    clientId: z.string().min(1).optional(),
    kind: z.enum(FAULT_KINDS),
    count: z.int().positive().optional(),
    durationMs: z.int().positive().max(MAX_SPAN_MS).optional(),
    retryAfterSeconds: z.int().min(0).max(86_400).default(1),
    status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).default(503),
    delayMs: z.int().min(0).max(600_000).default(1_000),
  })
  .refine((rule) => rule.target === 'api' || rule.integrationId === undefined, {
    message: 'only applies to the api target',
    path: ['integrationId'],
  });

export type CreateFaultRequest = z.infer<typeof createFaultSchema>;
