import { z } from 'zod';

/** Error body of the Genesys platform API. */
export const genesysErrorBodySchema = z.looseObject({
  message: z.string(),
  code: z.string().min(1),
  status: z.number().int(),
  contextId: z.string().optional(),
  details: z.array(z.unknown()).optional(),
  errors: z.array(z.unknown()).optional(),
});

/**
 * Body of a 429 (`code` is GENESYS_RATE_LIMIT_ERROR_CODE). The wait comes from the `Retry-After` header, not
 * from the number inside `message`.
 */
export const genesysRateLimitErrorBodySchema = genesysErrorBodySchema.extend({
  status: z.literal(429),
});

export type GenesysErrorBody = z.infer<typeof genesysErrorBodySchema>;
export type GenesysRateLimitErrorBody = z.infer<typeof genesysRateLimitErrorBodySchema>;
