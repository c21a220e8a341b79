import { isGenesysRegion, type GenesysRegion, type TenantLookup } from '@switchboard/shared-contracts';
import { UndeliverableError } from '../genesys/genesys.errors';

/** tenant-service's integration lookup (TenantDirectoryClient, cached). */
export interface IntegrationDirectory {
  byIntegrationId(integrationId: string): Promise<TenantLookup | null>;
}

/** Where a tenant's integration lives. */
export interface IntegrationRoute {
  readonly tenantId: string;
  readonly integrationId: string;
  readonly region: GenesysRegion;
}

/**
 * Resolves the Genesys region of an integration and refuses, for good, to deliver for an
 * integration that belongs to no tenant, to another tenant than the envelope's (a message must
 * never reach another tenant's Genesys org), or to a suspended tenant.
 */
export class IntegrationRoutes {
  constructor(private readonly directory: IntegrationDirectory) {}

  async resolve(tenantId: string, integrationId: string): Promise<IntegrationRoute> {
    const lookup = await this.directory.byIntegrationId(integrationId);
    if (!lookup) {
      throw new UndeliverableError(
        `integration ${integrationId} belongs to no tenant (unknown to tenant-service)`,
      );
    }
    if (lookup.tenantId !== tenantId) {
      throw new UndeliverableError(
        `integration ${integrationId} does not belong to tenant ${tenantId}: cross-tenant delivery refused`,
      );
    }
    if (lookup.tenantStatus !== 'active') {
      throw new UndeliverableError(
        `tenant ${tenantId} is ${lookup.tenantStatus}: nothing is delivered to Genesys`,
      );
    }
    if (!isGenesysRegion(lookup.genesysRegion)) {
      throw new UndeliverableError(
        `integration ${integrationId} is in an unknown Genesys region "${lookup.genesysRegion}"`,
      );
    }
    return { tenantId, integrationId, region: lookup.genesysRegion };
  }
}
