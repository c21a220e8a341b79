import { z } from 'zod';

export const FAULT_KINDS = ['rate-limit', 'server-error', 'delay'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * A fault rule: `target` is the host (`api`: /api/v2/..., `login`: /oauth/token);
 * `integrationId` narrows an `api` rule to one integration; `count` and `durationMs` bound it
 * (whichever ends first; neither: until deleted).
 */
export const createFaultSchema = z
  .object({
    target: z.enum(['api', 'login']).default('api'),
    integrationId: z.string().min(1).optional(),
    kind: z.enum(FAULT_KINDS),
    count: z.int().positive().optional(),
    durationMs: z.int().positive().optional(),
    retryAfterSeconds: z.int().min(0).default(1),
    status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).default(503),
    delayMs: z.int().min(0).max(600_000).default(1_000),
  })
  .refine((rule) => rule.target === 'api' || rule.integrationId === undefined, {
    message: 'only applies to the api target',
    path: ['integrationId'],
  });

export type CreateFaultRequest = z.infer<typeof createFaultSchema>;
