export interface BackoffOptions {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * Delay before the `retry`-th retry (1 = first retry): exponential from `baseDelayMs`, capped
 * at `maxDelayMs`, with "equal jitter": a uniform pick in [ceiling/2, ceiling]. Half the
 * ceiling is kept so that a retry is never almost immediate; the random half spreads a burst of
 * failures so that they do not all come back at once.
 */
export function computeBackoffDelay(
  retry: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.floor(retry) - 1);
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** exponent);
  const half = ceiling / 2;
  return Math.round(half + random() * half);
}
