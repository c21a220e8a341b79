import {
  KeyedCircuitBreakers,
  type BreakerStateListener,
  type CircuitBreakerSettings,
} from '@switchboard/backend-util-resilience';
import { GenesysCircuitOpenError, GenesysUnavailableError } from './genesys.errors';

/**
 * A circuit breaker per Genesys region: only 5xx, 408, timeouts and network errors count as
 * failures (a 4xx or a 429 says nothing about the region's health); an open one refuses with
 * GenesysCircuitOpenError (a RetryLaterError: no attempt spent).
 */
export function createRegionBreakers(
  settings: CircuitBreakerSettings,
  onStateChange?: BreakerStateListener,
): KeyedCircuitBreakers {
  return new KeyedCircuitBreakers({
    name: 'genesys',
    settings,
    isFailure: (error) => error instanceof GenesysUnavailableError,
    refusal: (region, delayMs) => new GenesysCircuitOpenError(region, delayMs),
    onStateChange,
  });
}
