const HOUR_MS = 3_600_000;

/**
 * Whether WhatsApp's customer service window is open (spec A6): the customer wrote within the
 * last `windowHours`. Never written (null) or unreadable means closed; a time slightly in the
 * future (clocks differ) counts as now.
 */
export function isCustomerWindowOpen(lastInboundAt: string | null, now: Date, windowHours: number): boolean {
  if (lastInboundAt === null) return false;
  const last = Date.parse(lastInboundAt);
  if (Number.isNaN(last)) return false;
  return now.getTime() - last < windowHours * HOUR_MS;
}
