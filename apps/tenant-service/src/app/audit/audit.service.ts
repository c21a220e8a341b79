import { Transactions } from '@switchboard/backend-data-access-persistence';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../access/actor.util';
import { TenantNotFoundException, type TenantAccess } from '../access/tenant-access.decorator';
import { TenantsRepository } from '../tenants/tenants.repository';
import type { AuditEntryEntity } from './audit-entry.entity';
import type { AuditEntryView, AuditPageView, AuditQueryDto, PlatformAuditQueryDto } from './audit.dto';
import { AuditRepository } from './audit.repository';

const DEFAULT_LIMIT = 50;

@Injectable()
export class AuditService {
  constructor(
    private readonly transactions: Transactions,
    private readonly tenants: TenantsRepository,
    private readonly entries: AuditRepository,
  ) {}

  /** The tenant's own trail (tenant-admin, or a platform-admin for one tenant). */
  list(access: TenantAccess, query: AuditQueryDto): Promise<AuditPageView> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    return this.transactions.inTenant(access.tenantId, async (tx) => {
      // A deleted tenant's trail stays readable for platform-admins; others need a live tenant.
      if (access.principal.role !== 'platform-admin' && !(await this.tenants.find(tx))) {
        throw new TenantNotFoundException();
      }
      return page(await this.entries.list(tx, { limit, before: query.before }), limit);
    });
  }

  /** Platform-admin: every tenant's trail and the platform-wide actions. */
  listAll(_actor: Actor, query: PlatformAuditQueryDto): Promise<AuditPageView> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    return this.transactions.asPlatform(async (tx) =>
      page(await this.entries.listAll(tx, { limit, before: query.before, tenantId: query.tenantId }), limit),
    );
  }
}

function page(entries: AuditEntryEntity[], limit: number): AuditPageView {
  return {
    items: entries.map(toView),
    nextBefore: entries.length === limit ? entries[entries.length - 1].id : null,
  };
}

function toView(entry: AuditEntryEntity): AuditEntryView {
  return {
    id: String(entry.id),
    tenantId: entry.tenantId,
    occurredAt: entry.occurredAt.toISOString(),
    actor: { kind: entry.actorKind, id: entry.actorId, role: entry.actorRole },
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: entry.before,
    after: entry.after,
    correlationId: entry.correlationId,
  };
}
