import { FakeInternalService } from '@switchboard/backend-testing-platform';

export interface WebhookSecretRecord {
  readonly tenantId: string;
  readonly secret: string;
}

/**
 * Stands in for tenant-service's `GET /internal/integrations/:integrationId/webhook-secret` and
 * for auth-service's `POST /internal/service-tokens` (one loopback server for both base URLs).
 */
export class FakeTenantService extends FakeInternalService<WebhookSecretRecord, 'integrationId'> {
  readonly integrations = this.records;

  static start(serviceToken?: string): Promise<FakeTenantService> {
    return new FakeTenantService(
      {
        path: /^\/internal\/integrations\/([^/?]+)\/webhook-secret$/,
        keyName: 'integrationId',
        notFoundMessage: 'integration not found',
        headers: { 'cache-control': 'no-store' },
      },
      serviceToken,
    ).listen();
  }
}
