import { Inject, Injectable } from '@nestjs/common';
import { SERVICES, isGenesysRegion, type GenesysRegion } from '@switchboard/shared-contracts';
import { z } from 'zod';
import { AUTH_SERVICE_CONFIG, type AuthServiceConfig } from '../config/auth-service.config';
import { CloudCredentialsNotFoundError, UpstreamRefusedError } from '../core/domain-errors.util';
import { OwnServiceTokens } from '../service-clients/own-service-tokens.service';
import { callUpstream, jsonBody, upstreamFailure } from './upstream-http.util';

const genesysCredentialsSchema = z.object({
  tenantId: z.uuid(),
  region: z.custom<GenesysRegion>(
    (value) => typeof value === 'string' && isGenesysRegion(value),
    'unknown Genesys region',
  ),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
});

const whatsappTokenSchema = z.object({
  tenantId: z.uuid(),
  accessToken: z.string().min(1),
  /** When tenant-service knows the token's expiry (ISO 8601); system-user tokens have none. */
  expiresAt: z.iso.datetime({ offset: true }).nullish(),
});

export type GenesysCredentials = z.infer<typeof genesysCredentialsSchema>;

export interface WhatsAppTokenRecord {
  readonly tenantId: string;
  readonly accessToken: string;
  readonly expiresAt: number | null;
}

const TENANT_SERVICE = 'tenant-service';
const TIMEOUT_MS = 5000;

/**
 * tenant-service's internal credential routes, called with auth-service's own service token
 * (audience tenant-service; those routes are ServiceOnly('auth-service') there).
 */
@Injectable()
export class TenantServiceClient {
  constructor(
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
    private readonly serviceTokens: OwnServiceTokens,
  ) {}

  genesysCredentials(integrationId: string): Promise<GenesysCredentials> {
    return this.fetchJson(
      `/internal/integrations/${encodeURIComponent(integrationId)}/oauth-credentials`,
      genesysCredentialsSchema,
      `Genesys OAuth credentials of integration ${integrationId}`,
    );
  }

  async whatsappToken(phoneNumberId: string): Promise<WhatsAppTokenRecord> {
    const record = await this.fetchJson(
      `/internal/phone-numbers/${encodeURIComponent(phoneNumberId)}/access-token`,
      whatsappTokenSchema,
      `WhatsApp access token of phone number ${phoneNumberId}`,
    );
    return {
      tenantId: record.tenantId,
      accessToken: record.accessToken,
      expiresAt: record.expiresAt ? Date.parse(record.expiresAt) : null,
    };
  }

  private async fetchJson<T>(path: string, schema: z.ZodType<T>, what: string): Promise<T> {
    const url = `${this.config.TENANT_SERVICE_URL.replace(/\/+$/, '')}${path}`;
    const response = await callUpstream(
      TENANT_SERVICE,
      url,
      {
        headers: { ...(await this.serviceTokens.headers(SERVICES.TENANT.name)), accept: 'application/json' },
      },
      TIMEOUT_MS,
    );
    if (response.status === 404) throw new CloudCredentialsNotFoundError(`tenant-service knows no ${what}`);
    if (!response.ok) throw upstreamFailure(TENANT_SERVICE, response);
    const parsed = schema.safeParse(await jsonBody(TENANT_SERVICE, response));
    if (!parsed.success) {
      // Field paths only: the values are credentials.
      const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(body)'))].join(
        ', ',
      );
      throw new UpstreamRefusedError(`tenant-service answered invalid ${what} (fields: ${fields})`);
    }
    return parsed.data;
  }
}
