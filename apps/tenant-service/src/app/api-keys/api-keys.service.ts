import { Transactions, type TenantTx } from '@switchboard/backend-data-access-persistence';
import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import type { ApiKeyPrincipal } from '@switchboard/backend-util-auth';
import { randomUUID } from 'node:crypto';
import { TenantNotFoundException, type TenantAccess } from '../access/tenant-access.decorator';
import { AuditTrail } from '../audit/audit-trail.service';
import { isUuid } from '../common/ids.util';
import { TENANT_SERVICE_CONFIG, type TenantServiceConfig } from '../config/tenant-service.config';
import { TenantEntity } from '../tenants/tenant.entity';
import { TenantsRepository } from '../tenants/tenants.repository';
import type { ApiKeyEntity } from './api-key.entity';
import { apiKeyMatches, apiKeyPrefix, generateApiKey, hashApiKey } from './api-key.util';
import type {
  ApiKeyListView,
  ApiKeyView,
  CreateApiKeyDto,
  CreatedApiKeyView,
  RotateApiKeyDto,
  RotatedApiKeyView,
} from './api-keys.dto';
import { ApiKeysRepository } from './api-keys.repository';

export const API_KEY_ENTITY = 'api-key';
const LAST_USED_WRITE_INTERVAL_MS = 60_000;
/** Compared against when the prefix is unknown, so that both paths do the same work. */
const UNKNOWN_KEY_HASH = hashApiKey('sb_0000000000000000_unknown');

export class ApiKeyNotFoundException extends NotFoundException {
  constructor() {
    super('API key not found');
  }
}

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly transactions: Transactions,
    private readonly tenants: TenantsRepository,
    private readonly keys: ApiKeysRepository,
    private readonly audit: AuditTrail,
    @Inject(TENANT_SERVICE_CONFIG) private readonly config: TenantServiceConfig,
  ) {}

  list(access: TenantAccess): Promise<ApiKeyListView> {
    return this.transactions.inTenant(access.tenantId, async (tx) => {
      await this.requireTenant(tx);
      const now = new Date();
      return { items: (await this.keys.list(tx)).map((key) => toView(key, now)) };
    });
  }

  create(access: TenantAccess, input: CreateApiKeyDto): Promise<CreatedApiKeyView> {
    return this.transactions.inTenant(access.tenantId, async (tx) => {
      await this.requireTenant(tx);
      const created = await this.issue(tx, access, input.name, input.expiresInSeconds);
      await this.audit.record(tx, access.actor, {
        action: 'api-key.created',
        entityType: API_KEY_ENTITY,
        entityId: created.id,
        after: withoutKey(created),
      });
      return created;
    });
  }

  /**
   * Issues a new key with the same name and lets the old one expire after the overlap, so that
   * clients can switch without an outage. A key can be rotated once (its successor is rotated next).
   */
  rotate(access: TenantAccess, keyId: string, input: RotateApiKeyDto): Promise<RotatedApiKeyView> {
    const overlapSeconds = input.overlapSeconds ?? this.config.API_KEY_DEFAULT_OVERLAP_SECONDS;
    if (overlapSeconds > this.config.API_KEY_MAX_OVERLAP_SECONDS) {
      throw new BadRequestException(
        `overlapSeconds must be at most ${this.config.API_KEY_MAX_OVERLAP_SECONDS}`,
      );
    }
    return this.transactions.inTenant(access.tenantId, async (tx) => {
      const current = await this.require(tx, keyId);
      const now = new Date();
      if (status(current, now) !== 'active') throw new ConflictException('only an active key can be rotated');
      if (current.replacedById)
        throw new ConflictException('this key was already rotated; rotate its successor');
      const created = await this.issue(tx, access, current.name, input.expiresInSeconds);
      const overlapEnd = new Date(now.getTime() + overlapSeconds * 1000);
      const expiresAt = current.expiresAt && current.expiresAt < overlapEnd ? current.expiresAt : overlapEnd;
      const previous = await this.keys.update(tx, current.id, { expiresAt, replacedById: created.id });
      const change = { before: toView(current, now), after: toView(previous, now) };
      await this.audit.record(tx, access.actor, {
        action: 'api-key.rotated',
        entityType: API_KEY_ENTITY,
        entityId: current.id,
        ...change,
      });
      await this.audit.record(tx, access.actor, {
        action: 'api-key.created',
        entityType: API_KEY_ENTITY,
        entityId: created.id,
        after: withoutKey(created),
      });
      return { created, previous: change.after };
    });
  }

  /** Revokes at once: the next request with the key is refused. */
  revoke(access: TenantAccess, keyId: string): Promise<ApiKeyView> {
    return this.transactions.inTenant(access.tenantId, async (tx) => {
      const current = await this.require(tx, keyId);
      const now = new Date();
      const revoked = current.revokedAt
        ? current
        : await this.keys.update(tx, current.id, { revokedAt: now });
      const change = { before: toView(current, now), after: toView(revoked, now) };
      if (!current.revokedAt) {
        await this.audit.record(tx, access.actor, {
          action: 'api-key.revoked',
          entityType: API_KEY_ENTITY,
          entityId: current.id,
          ...change,
        });
      }
      return change.after;
    });
  }

  /**
   * The principal of a presented key, or null when it is malformed, unknown, revoked, expired or
   * its tenant is suspended. Looked up by prefix (unique index), compared in constant time.
   */
  async verify(presented: string): Promise<ApiKeyPrincipal | null> {
    const prefix = apiKeyPrefix(presented);
    if (!prefix) return null;
    return this.transactions.asPlatform(async (tx) => {
      const key = await this.keys.findByPrefix(tx, prefix);
      const matches = apiKeyMatches(key?.keyHash ?? UNKNOWN_KEY_HASH, presented);
      const now = new Date();
      if (!key || !matches || status(key, now) !== 'active') return null;
      const tenant = await tx.manager.findOne(TenantEntity, { where: { id: key.tenantId } });
      if (tenant?.status !== 'active') return null;
      await this.keys.touch(tx, key.id, now, LAST_USED_WRITE_INTERVAL_MS);
      return { kind: 'api-key', keyId: key.id, tenantId: key.tenantId, role: 'tenant-admin' };
    });
  }

  private async issue(
    tx: TenantTx,
    access: TenantAccess,
    name: string,
    expiresInSeconds: number | undefined,
  ): Promise<CreatedApiKeyView> {
    const generated = generateApiKey();
    const entity = await this.keys.insert(tx, randomUUID(), {
      name,
      prefix: generated.prefix,
      keyHash: generated.hash,
      createdByKind: access.actor.kind,
      createdById: access.actor.id,
      expiresAt: expiresInSeconds === undefined ? null : new Date(Date.now() + expiresInSeconds * 1000),
    });
    return { ...toView(entity, new Date()), key: generated.key };
  }

  private async requireTenant(tx: TenantTx): Promise<void> {
    if (!(await this.tenants.find(tx))) throw new TenantNotFoundException();
  }

  private async require(tx: TenantTx, keyId: string): Promise<ApiKeyEntity> {
    await this.requireTenant(tx);
    const key = isUuid(keyId) ? await this.keys.find(tx, keyId) : null;
    if (!key) throw new ApiKeyNotFoundException();
    return key;
  }
}

function status(key: ApiKeyEntity, now: Date): ApiKeyView['status'] {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && key.expiresAt <= now) return 'expired';
  return 'active';
}

function toView(key: ApiKeyEntity, now: Date): ApiKeyView {
  return {
    id: key.id,
    tenantId: key.tenantId,
    name: key.name,
    prefix: key.prefix,
    status: status(key, now),
    createdBy: { kind: key.createdByKind, id: key.createdById },
    createdAt: key.createdAt.toISOString(),
    expiresAt: key.expiresAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    replacedById: key.replacedById,
  };
}

function withoutKey(created: CreatedApiKeyView): ApiKeyView {
  const { key: _key, ...view } = created;
  return view;
}
