/**
 * Upper bounds of the durations a control request may name. Without them a large number makes
 * a date overflow (HTTP 500, or every later request failing after a clock jump) or overflows
 * setTimeout, which then fires at once.
 */

/** Clock jumps, token lifetimes and fault durations: ten years of simulated time. */
export const MAX_SPAN_MS = 10 * 365 * 24 * 3600 * 1000;

/** Real-time delays that become timers (retries, automatic statuses): one day. */
export const MAX_TIMER_MS = 24 * 3600 * 1000;
