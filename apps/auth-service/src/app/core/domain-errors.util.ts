/**
 * The few ways auth-service refuses or fails, typed so that the HTTP answer (and, for callers,
 * whether to retry) follows from the class and not from a message.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  /** Whether the caller may try again later (answered as `retryable` in the body). */
  abstract readonly retryable: boolean;
  /** Seconds to wait, sent as Retry-After. */
  readonly retryAfterSeconds?: number;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Too many failed logins for this email and address, or from this address. */
export class TooManyLoginAttemptsError extends DomainError {
  readonly status = 429;
  readonly retryable = true;

  constructor(override readonly retryAfterSeconds: number) {
    super('too many failed login attempts; try again later');
  }
}

/** tenant-service knows no credentials for this integration or number. */
export class CloudCredentialsNotFoundError extends DomainError {
  readonly status = 404;
  readonly retryable = false;
}

/** A cloud or tenant-service refused for good (wrong client credentials, bad configuration). */
export class UpstreamRefusedError extends DomainError {
  readonly status = 502;
  readonly retryable = false;
}

/** A cloud or tenant-service is unavailable for now (timeout, 5xx, 429). */
export class UpstreamUnavailableError extends DomainError {
  readonly status = 503;
  readonly retryable = true;

  constructor(
    message: string,
    override readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** Why a tenant's users may not sign in: its status, or that it is gone. */
export type TenantAccessEnd = 'suspended' | 'gone';

const TENANT_ACCESS_END_MESSAGES: Record<TenantAccessEnd, string> = {
  suspended: 'tenant suspended',
  gone: 'tenant no longer exists',
};

/** The user's tenant is suspended or was deleted: no login, no refresh (its sessions are revoked). */
export class TenantAccessEndedError extends DomainError {
  readonly status = 403;
  readonly retryable = false;

  constructor(readonly reason: TenantAccessEnd) {
    super(TENANT_ACCESS_END_MESSAGES[reason]);
  }
}
