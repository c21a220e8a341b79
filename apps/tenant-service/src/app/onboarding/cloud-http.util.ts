import { CloudRequestError, type CloudName } from './cloud-request.error';

export interface CloudResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, or undefined when the body is not JSON. */
  readonly json: unknown;
  readonly text: string;
}

export interface CloudCall {
  readonly cloud: CloudName;
  readonly step: string;
  readonly url: URL;
  readonly init: RequestInit;
  readonly timeoutMs: number;
  /** Values that must never appear in an error message (tokens, secrets, codes). */
  readonly secrets: readonly string[];
}

const MAX_DETAIL_LENGTH = 300;

/**
 * One HTTP call to a cloud: no redirects followed (a redirect could carry credentials elsewhere),
 * a timeout, and a network failure turned into a {@link CloudRequestError} naming the step. The
 * URL is never put into a message: the Graph code exchange carries the app secret in its query.
 */
export async function callCloud(call: CloudCall): Promise<CloudResponse> {
  let response: Response;
  try {
    response = await fetch(call.url, {
      ...call.init,
      redirect: 'error',
      signal: AbortSignal.timeout(call.timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    throw new CloudRequestError(
      call.cloud,
      call.step,
      'unavailable',
      timedOut ? `no answer within ${call.timeoutMs} ms` : 'the connection failed',
    );
  }
  const text = await response.text().catch(() => '');
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

/** The failure of an answer that is not 2xx, with the cloud's own words (scrubbed of secrets). */
export function failureOf(
  call: CloudCall,
  response: CloudResponse,
  cloudMessage: string | undefined,
): CloudRequestError {
  const detail = scrub(`HTTP ${response.status}${cloudMessage ? `: ${cloudMessage}` : ''}`, call.secrets);
  if (response.status === 429) {
    const header = response.headers.get('retry-after');
    const retryAfter = header === null || header.trim() === '' ? Number.NaN : Number(header);
    return new CloudRequestError(
      call.cloud,
      call.step,
      'rate-limited',
      detail,
      Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : 60,
    );
  }
  return new CloudRequestError(
    call.cloud,
    call.step,
    response.status >= 500 ? 'unavailable' : 'refused',
    detail,
  );
}

/** Removes every secret value from a text and bounds its length. */
export function scrub(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4) result = result.split(secret).join('[redacted]');
  }
  return result.length > MAX_DETAIL_LENGTH ? `${result.slice(0, MAX_DETAIL_LENGTH)}…` : result;
}
