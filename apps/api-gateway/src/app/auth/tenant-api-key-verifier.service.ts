import { Logger } from '@nestjs/common';
import type { ApiKeyPrincipal, ServiceTokenClient } from '@switchboard/backend-util-auth';
import { SERVICES } from '@switchboard/shared-contracts';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { GatewayMetrics } from '../metrics/gateway-metrics.service';

/** tenant-service could not be asked (down, refused our service token, answered nonsense). */
export class ApiKeyVerificationUnavailableError extends Error {
  constructor(reason: string) {
    super(`API keys cannot be checked right now: ${reason}`);
    this.name = ApiKeyVerificationUnavailableError.name;
  }
}

/**
 * tenant-service's answer to `POST /internal/api-keys/verify` `{ key }`: 200 with the key's id
 * and tenant, or 200 `{ valid: false }` / 404 for an unknown, revoked or expired key.
 */
const verifyResponseSchema = z.union([
  z.object({ valid: z.literal(false) }),
  z.object({ keyId: z.string().min(1).max(200), tenantId: z.string().min(1).max(200) }),
]);

export const API_KEY_VERIFY_PATH = '/internal/api-keys/verify';
const VERIFY_TIMEOUT_MS = 3000;
/** Bounds the memory a flood of random keys can take. */
const MAX_CACHE_ENTRIES = 10_000;
/** Longer strings are not keys; they are refused without asking tenant-service. */
const MAX_KEY_LENGTH = 256;

interface CachedVerdict {
  readonly principal: ApiKeyPrincipal | null;
  readonly expiresAt: number;
}

export interface TenantApiKeyVerifierOptions {
  readonly tenantServiceUrl: string;
  readonly positiveTtlMs: number;
  readonly negativeTtlMs: number;
  readonly fetch?: typeof fetch;
}

/**
 * Checks tenant API keys with tenant-service (service token, audience tenant-service) and
 * remembers the verdict briefly, valid and invalid alike, keyed by the key's SHA-256 (the key
 * itself is never kept). Concurrent checks of one key share one call. A revoked key therefore
 * keeps working at the gateway for at most the positive TTL; the service behind checks it again.
 */
export class TenantApiKeyVerifier {
  private readonly logger = new Logger(TenantApiKeyVerifier.name);
  private readonly cache = new Map<string, CachedVerdict>();
  private readonly inFlight = new Map<string, Promise<ApiKeyPrincipal | null>>();
  private readonly fetch: typeof fetch;

  constructor(
    private readonly options: TenantApiKeyVerifierOptions,
    private readonly serviceTokens: ServiceTokenClient,
    private readonly metrics?: GatewayMetrics,
  ) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** The key's tenant, or null when the key is not valid. */
  async verify(presentedKey: string): Promise<ApiKeyPrincipal | null> {
    if (
      presentedKey.length === 0 ||
      presentedKey.length > MAX_KEY_LENGTH ||
      !/^[\x21-\x7e]+$/.test(presentedKey)
    ) {
      return null;
    }
    const digest = createHash('sha256').update(presentedKey).digest('hex');
    const cached = this.cache.get(digest);
    if (cached && cached.expiresAt > Date.now()) {
      this.metrics?.recordApiKeyLookup('cache', cached.principal ? 'valid' : 'invalid');
      return cached.principal;
    }
    const running = this.inFlight.get(digest);
    if (running) return running;
    const lookup = this.ask(presentedKey, digest).finally(() => this.inFlight.delete(digest));
    this.inFlight.set(digest, lookup);
    return lookup;
  }

  private async ask(presentedKey: string, digest: string): Promise<ApiKeyPrincipal | null> {
    try {
      const principal = await this.askTenantService(presentedKey, true);
      this.remember(digest, principal);
      this.metrics?.recordApiKeyLookup('tenant-service', principal ? 'valid' : 'invalid');
      return principal;
    } catch (error) {
      this.metrics?.recordApiKeyLookup('tenant-service', 'error');
      this.logger.warn({
        msg: 'API key check failed',
        reason: error instanceof Error ? error.message : String(error),
      });
      throw error instanceof ApiKeyVerificationUnavailableError
        ? error
        : new ApiKeyVerificationUnavailableError('tenant-service did not answer');
    }
  }

  private async askTenantService(
    presentedKey: string,
    retryOnRefusedToken: boolean,
  ): Promise<ApiKeyPrincipal | null> {
    const audience = SERVICES.TENANT.name;
    const response = await this.fetch(new URL(API_KEY_VERIFY_PATH, this.options.tenantServiceUrl), {
      method: 'POST',
      headers: { ...(await this.serviceTokens.headers(audience)), 'content-type': 'application/json' },
      body: JSON.stringify({ key: presentedKey }),
      signal: AbortSignal.timeout(VERIFY_TIMEOUT_MS),
    });
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    if (response.status === 401 && retryOnRefusedToken) {
      await response.body?.cancel();
      this.serviceTokens.invalidate(audience);
      return this.askTenantService(presentedKey, false);
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new ApiKeyVerificationUnavailableError(`tenant-service answered ${response.status}`);
    }
    const parsed = verifyResponseSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success)
      throw new ApiKeyVerificationUnavailableError('tenant-service answered an unknown shape');
    if ('valid' in parsed.data) return null;
    return {
      kind: 'api-key',
      keyId: parsed.data.keyId,
      tenantId: parsed.data.tenantId,
      role: 'tenant-admin',
    };
  }

  private remember(digest: string, principal: ApiKeyPrincipal | null): void {
    const ttl = principal ? this.options.positiveTtlMs : this.options.negativeTtlMs;
    if (ttl <= 0) return;
    this.cache.delete(digest);
    if (this.cache.size >= MAX_CACHE_ENTRIES) {
      // Insertion order: the first entry is the oldest verdict.
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(digest, { principal, expiresAt: Date.now() + ttl });
  }
}
