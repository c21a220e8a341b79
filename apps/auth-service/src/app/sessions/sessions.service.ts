import { Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { signAccessToken, type UserPrincipal } from '@switchboard/backend-util-auth';
import { AUTH_SERVICE_CONFIG, type AuthServiceConfig } from '../config/auth-service.config';
import { TenantAccessEndedError, UpstreamUnavailableError } from '../core/domain-errors.util';
import { SigningKeysService } from '../keys/signing-keys.service';
import { TenantStatusCache } from '../tenant-status/tenant-status-cache.service';
import {
  TENANT_STATUS_RETRY_AFTER_SECONDS,
  type TenantStanding,
} from '../tenant-status/tenant-status.client';
import { PasswordHasher } from '../users/password-hasher.service';
import type { UserDto } from '../users/user.dto';
import type { UserEntity } from '../users/user.entity';
import { PLATFORM_SCOPE, tenantScope } from '../users/user-scope.util';
import { toUserDto } from '../users/user-view.util';
import { UsersRepository } from '../users/users.repository';
import { LoginThrottle } from './login-throttle.service';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { hashRefreshToken, looksLikeRefreshToken, newRefreshToken } from './refresh-token-rotation.util';

export interface IssuedSession {
  readonly accessToken: string;
  readonly expiresIn: number;
  readonly user: UserDto;
  readonly refreshToken: string;
  readonly refreshExpiresAt: Date;
}

const INVALID_CREDENTIALS = 'invalid email or password';
const INVALID_REFRESH = 'no valid refresh token';

/** Why tenant-service asks us to end a tenant's sessions (recorded with each revoked session). */
export const TENANT_SESSIONS_END_REASONS = ['tenant-suspended', 'tenant-deleted'] as const;
export type TenantSessionsEndReason = (typeof TENANT_SESSIONS_END_REASONS)[number];

const REVOCATION_REASON_OF: Record<TenantAccessEndedError['reason'], TenantSessionsEndReason> = {
  suspended: 'tenant-suspended',
  gone: 'tenant-deleted',
};

/**
 * Login, refresh token rotation with reuse detection, logout, password change. A tenant's user
 * signs in and refreshes only while tenant-service says the tenant is active (platform-admins
 * have no tenant); when it cannot say, nobody of that tenant gets in (503, fail closed).
 */
@Injectable()
export class SessionsService {
  private readonly logger = new Logger(SessionsService.name);

  constructor(
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
    private readonly users: UsersRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly keys: SigningKeysService,
    private readonly tenantStatus: TenantStatusCache,
  ) {}

  /**
   * An unknown email, a wrong password and a disabled user get the same answer after the same
   * hashing work; failures count towards the throttle, which answers 429 once exhausted.
   */
  async login(email: string, password: string, ip: string): Promise<IssuedSession> {
    await this.throttle.assertAllowed(email, ip);
    const user = await this.users.findByEmailAcrossTenants(email);
    const passwordMatches = await this.hasher.verifyOrDummy(user?.passwordHash, password);
    if (!user || !passwordMatches || user.disabled) {
      await this.throttle.recordFailure(email, ip);
      this.logger.warn(
        {
          event: 'login.failed',
          userId: user?.id,
          reason: !user ? 'unknown-email' : passwordMatches ? 'disabled' : 'wrong-password',
        },
        'login failed',
      );
      throw new UnauthorizedException(INVALID_CREDENTIALS);
    }
    await this.throttle.recordSuccess(email, ip);
    // Only after the password: the tenant's status is nobody else's business.
    if (user.tenantId !== null) await this.admitTenantOf(user.id, user.tenantId, 'login');
    if (this.hasher.needsRehash(user.passwordHash)) {
      await this.users.update(this.scopeOfUser(user), user.id, {
        passwordHash: await this.hasher.hash(password),
      });
    }
    const now = new Date();
    const refresh = newRefreshToken();
    const refreshExpiresAt = new Date(now.getTime() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000);
    await this.refreshTokens.startFamily({
      user,
      tokenHash: refresh.hash,
      expiresAt: refreshExpiresAt,
      familyExpiresAt: new Date(now.getTime() + this.config.REFRESH_SESSION_MAX_SECONDS * 1000),
    });
    this.logger.log(
      { event: 'login.succeeded', userId: user.id, tenantId: user.tenantId },
      'login succeeded',
    );
    return this.issue(user, refresh.token, refreshExpiresAt);
  }

  /**
   * Uses the presented refresh token once and issues the next one; a reused token ends its
   * session, and so does a suspended or deleted tenant (403). The tenant is checked before the
   * token is used, so that a 503 (tenant-service unavailable) leaves the session as it was.
   */
  async refresh(presented: string | undefined): Promise<IssuedSession> {
    if (!looksLikeRefreshToken(presented)) throw new UnauthorizedException(INVALID_REFRESH);
    const presentedHash = hashRefreshToken(presented);
    // Tokens that cannot be rotated go straight on to rotate(), which refuses them (and detects reuse).
    const session = await this.refreshTokens.findUsable(presentedHash, new Date());
    if (session?.tenantId) {
      try {
        await this.admitTenantOf(session.userId, session.tenantId, 'refresh');
      } catch (error) {
        if (error instanceof TenantAccessEndedError) {
          const reason = REVOCATION_REASON_OF[error.reason];
          await this.refreshTokens.revokeFamily(session.tenantId, session.familyId, reason, new Date());
        }
        throw error;
      }
    }
    const next = newRefreshToken();
    const outcome = await this.refreshTokens.rotate(
      presentedHash,
      next.hash,
      this.config.REFRESH_TOKEN_TTL_SECONDS,
      new Date(),
    );
    if (outcome.kind === 'reuse-detected') {
      this.logger.warn(
        { event: 'refresh.reuse-detected', userId: outcome.userId, familyId: outcome.familyId },
        'a used refresh token was presented again: its whole session is revoked',
      );
      throw new UnauthorizedException(INVALID_REFRESH);
    }
    if (outcome.kind === 'refused') {
      this.logger.log({ event: 'refresh.refused', reason: outcome.verdict }, 'refresh refused');
      throw new UnauthorizedException(INVALID_REFRESH);
    }
    return this.issue(outcome.user, next.token, outcome.expiresAt);
  }

  /**
   * Internal (tenant-service, after it suspended or deleted the tenant): every refresh session of
   * the tenant's users ends, and its standing is asked again at the next login. Access tokens
   * already issued stay valid until they expire.
   */
  async revokeTenantSessions(tenantId: string, reason: TenantSessionsEndReason): Promise<number> {
    this.tenantStatus.forget(tenantId);
    const revoked = await this.refreshTokens.revokeAllOfTenant(tenantId, reason, new Date());
    this.logger.log(
      { event: 'sessions.tenant-revoked', tenantId, reason, revokedSessions: revoked },
      "the tenant's sessions are revoked",
    );
    return revoked;
  }

  /** Revokes the session of the presented token (if it is one of ours). */
  async logout(presented: string): Promise<void> {
    const revoked =
      looksLikeRefreshToken(presented) &&
      (await this.refreshTokens.revokeFamilyOf(hashRefreshToken(presented), 'logout', new Date()));
    this.logger.log({ event: 'logout', revoked }, 'logout');
  }

  /** Changes the caller's password after checking the current one; ends all its sessions. */
  async changePassword(principal: UserPrincipal, currentPassword: string, newPassword: string, ip: string) {
    const scope = principal.tenantId === null ? PLATFORM_SCOPE : tenantScope(principal.tenantId);
    const user = await this.users.findById(scope, principal.userId);
    if (!user || user.disabled) throw new UnauthorizedException('this user no longer exists or is disabled');
    await this.throttle.assertAllowed(user.email, ip);
    if (!(await this.hasher.verify(user.passwordHash, currentPassword))) {
      await this.throttle.recordFailure(user.email, ip);
      throw new UnauthorizedException('the current password is wrong');
    }
    await this.users.update(scope, user.id, { passwordHash: await this.hasher.hash(newPassword) });
    await this.refreshTokens.revokeAllOfUser(scope, user.id, 'password-changed', new Date());
    this.logger.log(
      { event: 'user.password-changed', userId: user.id, tenantId: user.tenantId },
      'password changed',
    );
  }

  /**
   * Throws {@link TenantAccessEndedError} (403) unless the tenant is active, and
   * {@link UpstreamUnavailableError} (503, Retry-After) when tenant-service cannot say.
   */
  private async admitTenantOf(userId: string, tenantId: string, attempt: 'login' | 'refresh'): Promise<void> {
    let standing: TenantStanding;
    try {
      standing = await this.tenantStatus.standingOf(tenantId);
    } catch (error) {
      this.logger.warn(
        { event: `${attempt}.refused`, userId, tenantId, reason: 'tenant-status-unavailable' },
        error instanceof Error ? error.message : 'tenant status unavailable',
      );
      if (error instanceof UpstreamUnavailableError) throw error;
      throw new UpstreamUnavailableError(
        'cannot check the status of the tenant now; try again later',
        TENANT_STATUS_RETRY_AFTER_SECONDS,
      );
    }
    if (standing === 'active') return;
    this.logger.warn(
      { event: `${attempt}.refused`, userId, tenantId, reason: REVOCATION_REASON_OF[standing] },
      `${attempt} refused: the tenant is ${standing === 'gone' ? 'deleted' : 'suspended'}`,
    );
    throw new TenantAccessEndedError(standing);
  }

  private async issue(
    user: UserEntity,
    refreshToken: string,
    refreshExpiresAt: Date,
  ): Promise<IssuedSession> {
    const expiresIn = this.config.ACCESS_TOKEN_TTL_SECONDS;
    const accessToken = await signAccessToken(
      this.keys.current,
      { userId: user.id, tenantId: user.tenantId, role: user.role },
      expiresIn,
    );
    return { accessToken, expiresIn, user: toUserDto(user), refreshToken, refreshExpiresAt };
  }

  private scopeOfUser(user: UserEntity) {
    return user.tenantId === null ? PLATFORM_SCOPE : tenantScope(user.tenantId);
  }
}
