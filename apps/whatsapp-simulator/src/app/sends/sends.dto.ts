import { z } from 'zod';

export const sendsQuerySchema = z.object({
  phoneNumberId: z.string().optional(),
  to: z.string().optional(),
  kind: z.enum(['message', 'mark_read', 'typing_indicator']).optional(),
  type: z.string().optional(),
  afterSequence: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).optional(),
});

export type SendsQueryDto = z.output<typeof sendsQuerySchema>;
