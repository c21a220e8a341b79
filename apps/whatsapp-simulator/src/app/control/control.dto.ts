import { z } from 'zod';
import { MAX_SPAN_MS } from '../common/bounds.constants';

export const advanceClockSchema = z.strictObject({
  /** Milliseconds to move the simulator's clock forward (expiries of media URLs, media, tokens, faults). */
  ms: z.number().int().min(0).max(MAX_SPAN_MS),
});

export type AdvanceClockDto = z.output<typeof advanceClockSchema>;
