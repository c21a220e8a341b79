import { Injectable } from '@nestjs/common';
import { TenantDirectoryClient } from '@switchboard/backend-data-access-platform-clients';
import { UNROUTABLE_TENANT_ID, type TenantLookup } from '@switchboard/shared-contracts';

/** Why an item is parked on `whatsapp.inbound.unroutable` instead of entering the pipeline. */
export const UNROUTABLE_REASONS = {
  /** The change had no `value.metadata.phone_number_id`. */
  MISSING_PHONE_NUMBER_ID: 'missing_phone_number_id',
  /** No tenant owns the number. */
  UNKNOWN_PHONE_NUMBER: 'unknown_phone_number',
  TENANT_SUSPENDED: 'tenant_suspended',
  /** The tenant has not connected Genesys for this number yet: nowhere to deliver. */
  GENESYS_NOT_ONBOARDED: 'genesys_not_onboarded',
  /** An entry or change whose shape is not WhatsApp's (the rest of the batch is accepted). */
  MALFORMED_CHANGE: 'malformed_change',
} as const;

export type UnroutableReason = (typeof UNROUTABLE_REASONS)[keyof typeof UNROUTABLE_REASONS];

export type TenantRoute =
  | { readonly routable: true; readonly tenantId: string }
  | { readonly routable: false; readonly tenantId: string; readonly reason: UnroutableReason };

const MISSING_NUMBER_ROUTE: TenantRoute = {
  routable: false,
  tenantId: UNROUTABLE_TENANT_ID,
  reason: UNROUTABLE_REASONS.MISSING_PHONE_NUMBER_ID,
};

/** Where a malformed entry or change goes: parked for operators with its reason. */
export const MALFORMED_CHANGE_ROUTE: TenantRoute = {
  routable: false,
  tenantId: UNROUTABLE_TENANT_ID,
  reason: UNROUTABLE_REASONS.MALFORMED_CHANGE,
};

/** Where the items of one phone number go, from tenant-service's answer (null: no tenant). */
export function routeFor(lookup: TenantLookup | null): TenantRoute {
  if (lookup === null) {
    return {
      routable: false,
      tenantId: UNROUTABLE_TENANT_ID,
      reason: UNROUTABLE_REASONS.UNKNOWN_PHONE_NUMBER,
    };
  }
  if (lookup.tenantStatus !== 'active') {
    return { routable: false, tenantId: lookup.tenantId, reason: UNROUTABLE_REASONS.TENANT_SUSPENDED };
  }
  if (lookup.integrationId === null) {
    return { routable: false, tenantId: lookup.tenantId, reason: UNROUTABLE_REASONS.GENESYS_NOT_ONBOARDED };
  }
  return { routable: true, tenantId: lookup.tenantId };
}

/** The routes of one webhook batch, by phone number. */
export class BatchRoutes {
  constructor(private readonly byPhoneNumberId: ReadonlyMap<string, TenantRoute>) {}

  for(phoneNumberId: string | undefined): TenantRoute {
    if (phoneNumberId === undefined) return MISSING_NUMBER_ROUTE;
    const route = this.byPhoneNumberId.get(phoneNumberId);
    if (!route) throw new Error(`phone_number_id ${phoneNumberId} was not resolved for this batch`);
    return route;
  }
}

/** Resolves the phone numbers of a webhook batch to tenants (cached by the directory client). */
@Injectable()
export class TenantRoutesService {
  constructor(private readonly directory: TenantDirectoryClient) {}

  /**
   * One lookup per distinct number, all concurrently. Rejects with the directory's error
   * (InternalServiceUnavailableError, ...) when any lookup fails: the batch must be retried.
   */
  async resolve(phoneNumberIds: Iterable<string | undefined>): Promise<BatchRoutes> {
    const distinct = [...new Set(phoneNumberIds)].filter((id): id is string => id !== undefined);
    const lookups = await Promise.all(distinct.map((id) => this.directory.byPhoneNumberId(id)));
    return new BatchRoutes(new Map(distinct.map((id, index) => [id, routeFor(lookups[index] ?? null)])));
  }
}
