/** A cloud access token as the broker caches it. */
export interface CloudToken {
  readonly accessToken: string;
  /** When the cloud says it expires (ms since the epoch); null when unknown (WhatsApp system-user tokens). */
  readonly expiresAt: number | null;
  /** From then on the cache asks for a new one (ms since the epoch; 80 % of the lifetime by default). */
  readonly renewAt: number;
}

export function isFresh(token: CloudToken | null | undefined, now = Date.now()): token is CloudToken {
  return token !== null && token !== undefined && token.renewAt > now;
}
