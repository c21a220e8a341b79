import {
  KeyedCircuitBreakers,
  type BreakerStateListener,
  type CircuitBreakerSettings,
} from '@switchboard/backend-util-resilience';
import {
  WhatsAppCircuitOpenError,
  WhatsAppUnauthorizedError,
  WhatsAppUnavailableError,
} from './whatsapp.errors';

/**
 * Failures that say something about the tenant's credentials or Meta's health: 5xx, timeouts,
 * network errors, 130429 / 131000 / 131016 / 131057, refused tokens. A refusal of one message
 * (131047, 131026, 131008, …) or a rate limit says nothing about them.
 */
export function isTenantFailure(error: unknown): boolean {
  return error instanceof WhatsAppUnavailableError || error instanceof WhatsAppUnauthorizedError;
}

/**
 * A circuit breaker per tenant: one tenant's failing credentials or Meta errors stop that
 * tenant's calls for a while (WhatsAppCircuitOpenError, a RetryLaterError: no attempt spent)
 * and never delay another tenant's.
 */
export function createTenantBreakers(
  settings: CircuitBreakerSettings,
  onStateChange?: BreakerStateListener,
): KeyedCircuitBreakers {
  return new KeyedCircuitBreakers({
    name: 'whatsapp-tenant',
    settings,
    isFailure: isTenantFailure,
    refusal: (tenantId, delayMs) => new WhatsAppCircuitOpenError(tenantId, delayMs),
    onStateChange,
  });
}
