import { z } from 'zod';

export const advanceClockSchema = z.strictObject({
  /** Milliseconds to move the simulator's clock forward (expiries of media URLs, media, tokens, faults). */
  ms: z.number().int().min(0),
});

export type AdvanceClockDto = z.output<typeof advanceClockSchema>;
