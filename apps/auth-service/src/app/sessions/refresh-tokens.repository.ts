import { Injectable } from '@nestjs/common';
import { TenantScope } from '@switchboard/backend-data-access-persistence';
import { randomUUID } from 'node:crypto';
import { IsNull, type EntityManager } from 'typeorm';
import { UserEntity } from '../users/user.entity';
import type { UserScope } from '../users/user-scope.util';
import { RefreshTokenEntity } from './refresh-token.entity';
import {
  assessRefreshToken,
  nextRefreshExpiry,
  type RefreshTokenVerdict,
} from './refresh-token-rotation.util';

export type RotationOutcome =
  | { readonly kind: 'rotated'; readonly user: UserEntity; readonly expiresAt: Date }
  | { readonly kind: 'refused'; readonly verdict: Exclude<RefreshTokenVerdict, 'valid'> | 'user-unavailable' }
  | { readonly kind: 'reuse-detected'; readonly userId: string; readonly familyId: string };

export interface NewFamily {
  readonly user: Pick<UserEntity, 'id' | 'tenantId'>;
  readonly tokenHash: string;
  readonly expiresAt: Date;
  readonly familyExpiresAt: Date;
}

/**
 * Refresh tokens. Lookups by token hash run in the platform scope on purpose: the cookie is all
 * the caller presents, and which tenant it belongs to is what the lookup finds out.
 */
@Injectable()
export class RefreshTokensRepository {
  constructor(private readonly tenants: TenantScope) {}

  async startFamily(family: NewFamily): Promise<void> {
    const work = (manager: EntityManager) =>
      manager.getRepository(RefreshTokenEntity).insert({
        id: randomUUID(),
        familyId: randomUUID(),
        userId: family.user.id,
        tenantId: family.user.tenantId,
        tokenHash: family.tokenHash,
        expiresAt: family.expiresAt,
        familyExpiresAt: family.familyExpiresAt,
      });
    await (family.user.tenantId === null
      ? this.tenants.runAsPlatform(work)
      : this.tenants.run(family.user.tenantId, work));
  }

  /**
   * Uses the presented token once: in one transaction (the row locked, so two concurrent uses
   * of one token cannot both succeed) it either issues the next token of the family, or refuses;
   * a used token presented again revokes the whole family.
   */
  rotate(presentedHash: string, nextHash: string, ttlSeconds: number, now: Date): Promise<RotationOutcome> {
    return this.tenants.runAsPlatform(async (manager): Promise<RotationOutcome> => {
      const tokens = manager.getRepository(RefreshTokenEntity);
      const current = await tokens
        .createQueryBuilder('t')
        .setLock('pessimistic_write')
        .where('t.tokenHash = :hash', { hash: presentedHash })
        .getOne();
      const verdict = assessRefreshToken(current, now);
      if (current && verdict === 'reused') {
        await this.revokeFamilyWith(manager, current.familyId, 'reuse-detected', now);
        return { kind: 'reuse-detected', userId: current.userId, familyId: current.familyId };
      }
      if (!current || verdict !== 'valid')
        return { kind: 'refused', verdict: verdict === 'valid' ? 'unknown' : verdict };
      const user = await manager.getRepository(UserEntity).findOneBy({ id: current.userId });
      if (!user || user.disabled) {
        await this.revokeFamilyWith(manager, current.familyId, 'user-unavailable', now);
        return { kind: 'refused', verdict: 'user-unavailable' };
      }
      const nextId = randomUUID();
      const expiresAt = nextRefreshExpiry(now, ttlSeconds, current.familyExpiresAt);
      await tokens.update({ id: current.id }, { usedAt: now, replacedBy: nextId });
      await tokens.insert({
        id: nextId,
        familyId: current.familyId,
        userId: current.userId,
        tenantId: current.tenantId,
        tokenHash: nextHash,
        expiresAt,
        familyExpiresAt: current.familyExpiresAt,
      });
      return { kind: 'rotated', user, expiresAt };
    });
  }

  /**
   * The session of a token that may still be rotated (not used, revoked or expired), without
   * touching it; null otherwise. {@link rotate} checks the token again, under its lock.
   */
  findUsable(
    presentedHash: string,
    now: Date,
  ): Promise<Pick<RefreshTokenEntity, 'familyId' | 'userId' | 'tenantId'> | null> {
    return this.tenants.runAsPlatform(async (manager) => {
      const current = await manager.getRepository(RefreshTokenEntity).findOneBy({ tokenHash: presentedHash });
      return current && assessRefreshToken(current, now) === 'valid' ? current : null;
    });
  }

  /** Revokes one session (its tenant's users are no longer admitted). */
  async revokeFamily(tenantId: string | null, familyId: string, reason: string, now: Date): Promise<void> {
    const work = (manager: EntityManager) => this.revokeFamilyWith(manager, familyId, reason, now);
    await (tenantId === null ? this.tenants.runAsPlatform(work) : this.tenants.run(tenantId, work));
  }

  /** Every session of every user of a tenant (suspended or deleted); answers how many sessions ended. */
  revokeAllOfTenant(tenantId: string, reason: string, now: Date): Promise<number> {
    return this.tenants.run(tenantId, async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .update(RefreshTokenEntity)
        .set({ revokedAt: now, revokedReason: reason })
        .where('tenant_id = :tenantId AND revoked_at IS NULL', { tenantId })
        .returning('family_id')
        .execute();
      const rows = result.raw as { family_id: string }[];
      return new Set(rows.map((row) => row.family_id)).size;
    });
  }

  /** Logout: revokes the family of the presented token; false when no such token exists. */
  revokeFamilyOf(presentedHash: string, reason: string, now: Date): Promise<boolean> {
    return this.tenants.runAsPlatform(async (manager) => {
      const current = await manager.getRepository(RefreshTokenEntity).findOneBy({ tokenHash: presentedHash });
      if (!current) return false;
      await this.revokeFamilyWith(manager, current.familyId, reason, now);
      return true;
    });
  }

  /** Every session of a user (password changed, disabled, role changed, deleted). */
  async revokeAllOfUser(scope: UserScope, userId: string, reason: string, now: Date): Promise<number> {
    const work = async (manager: EntityManager) => {
      const result = await manager
        .getRepository(RefreshTokenEntity)
        .update({ userId, revokedAt: IsNull() }, { revokedAt: now, revokedReason: reason });
      return result.affected ?? 0;
    };
    return scope.kind === 'platform'
      ? this.tenants.runAsPlatform(work)
      : this.tenants.run(scope.tenantId, work);
  }

  private async revokeFamilyWith(manager: EntityManager, familyId: string, reason: string, now: Date) {
    await manager
      .getRepository(RefreshTokenEntity)
      .update({ familyId, revokedAt: IsNull() }, { revokedAt: now, revokedReason: reason });
  }
}
