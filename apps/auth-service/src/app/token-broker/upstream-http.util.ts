import { UpstreamRefusedError, UpstreamUnavailableError } from '../core/domain-errors.util';

/** Seconds from a Retry-After header (seconds or an HTTP date), or undefined. */
export function retryAfterSeconds(header: string | null): number | undefined {
  if (header === null) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(1, Math.ceil((date - Date.now()) / 1000));
}

/** Calls `fetch`, turning network failures and timeouts into {@link UpstreamUnavailableError}. */
export async function callUpstream(
  who: string,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<Response> {
  try {
    return await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const reason =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : 'unreachable';
    throw new UpstreamUnavailableError(`${who} ${reason}`);
  }
}

/** An answer that is not a success: 429 and 5xx may pass, anything else will not. */
export function upstreamFailure(who: string, response: Response): Error {
  if (response.status === 429 || response.status >= 500) {
    return new UpstreamUnavailableError(
      `${who} answered HTTP ${response.status}`,
      retryAfterSeconds(response.headers.get('retry-after')),
    );
  }
  return new UpstreamRefusedError(`${who} refused: HTTP ${response.status}`);
}

/** The JSON body, or an {@link UpstreamRefusedError} when there is none. */
export async function jsonBody(who: string, response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    throw new UpstreamRefusedError(`${who} answered a body that is not JSON`);
  }
}
