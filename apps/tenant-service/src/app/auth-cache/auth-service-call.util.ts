import type { ServiceTokenClient } from '@switchboard/backend-util-auth';
import { SERVICES } from '@switchboard/shared-contracts';

const TIMEOUT_MS = 3000;

export interface AuthServiceCall {
  readonly method: 'POST' | 'DELETE';
  readonly path: string;
  readonly json?: unknown;
}

/**
 * One call to an internal route of auth-service with tenant-service's service token; throws on
 * anything but a 2xx. A 401 drops the cached service token so that the next call fetches a new one.
 */
export async function callAuthService(
  authServiceUrl: string,
  serviceTokens: ServiceTokenClient,
  call: AuthServiceCall,
): Promise<void> {
  const audience = SERVICES.AUTH.name;
  const headers: Record<string, string> = await serviceTokens.headers(audience);
  if (call.json !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(new URL(call.path, authServiceUrl), {
    method: call.method,
    headers,
    body: call.json === undefined ? undefined : JSON.stringify(call.json),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (response.status === 401) serviceTokens.invalidate(audience);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
}

/** Why a best-effort call failed, for a log line. */
export function failureReason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
