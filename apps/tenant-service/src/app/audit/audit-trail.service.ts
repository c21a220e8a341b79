import type { PlatformTx, TenantTx } from '@switchboard/backend-data-access-persistence';
import { Injectable } from '@nestjs/common';
import { currentContext } from '@switchboard/backend-util-observability';
import type { Actor } from '../access/actor.util';
import { AuditRepository } from './audit.repository';

/** What changed: the public views (secrets as fingerprints only) before and after. */
export interface AuditChange {
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly before?: object | null;
  readonly after?: object | null;
}

/**
 * Writes an audit entry in the same transaction as the change it describes, so that a change
 * is never committed without its entry. Views passed in are public views: they never hold a
 * secret value, only `{fingerprint, setAt}`.
 */
@Injectable()
export class AuditTrail {
  constructor(private readonly entries: AuditRepository) {}

  record(tx: TenantTx, actor: Actor, change: AuditChange): Promise<void> {
    return this.entries.append(tx, this.entry(actor, change));
  }

  recordPlatform(tx: PlatformTx, actor: Actor, change: AuditChange): Promise<void> {
    return this.entries.appendPlatform(tx, this.entry(actor, change));
  }

  private entry(actor: Actor, change: AuditChange) {
    return {
      actorKind: actor.kind,
      actorId: actor.id,
      actorRole: actor.role,
      action: change.action,
      entityType: change.entityType,
      entityId: change.entityId,
      before: toJson(change.before),
      after: toJson(change.after),
      correlationId: currentContext()?.correlationId ?? null,
    };
  }
}

function toJson(view: object | null | undefined): object | null {
  return view ? (JSON.parse(JSON.stringify(view)) as object) : null;
}
