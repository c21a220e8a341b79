/**
 * Longest span a control request may name (clock jumps, fault durations): ten years. Without a
 * bound, a large number makes a date overflow: HTTP 500, and after a clock jump every later
 * request fails too.
 */
export const MAX_SPAN_MS = 10 * 365 * 24 * 3600 * 1000;
