import { ConfigValidationError } from '@switchboard/backend-util-config';
import { loadGenesysSimulatorConfig, SANDBOX_INTEGRATION_ID } from './genesys-simulator.config';

describe(loadGenesysSimulatorConfig.name, () => {
  it('has sandbox defaults faithful to Genesys: 86399 s tokens, 72 h threading, 10 s timeout, 5 retries 5 s apart', () => {
    const sut = loadGenesysSimulatorConfig({});

    expect(sut).toMatchObject({
      port: 3101,
      publicBaseUrl: 'http://127.0.0.1:3101',
      tokenTtlSeconds: 86399,
      threadingWindowSeconds: 72 * 3600,
      webhook: { timeoutMs: 10_000, maxRetries: 5, retryDelayMs: 5_000 },
      oauthClients: [{ clientId: 'sandbox-genesys-client', organizationId: 'sandbox-org' }],
      integrations: [
        {
          id: SANDBOX_INTEGRATION_ID,
          outboundNotificationWebhookUrl: `http://127.0.0.1:3002/webhooks/genesys/${SANDBOX_INTEGRATION_ID}`,
        },
      ],
    });
    expect(sut.integrations[0]!.outboundNotificationWebhookSignatureSecretToken.length).toBeGreaterThan(15);
  });

  it('derives the default webhook URL from INTEGRATION_ID', () => {
    const sut = loadGenesysSimulatorConfig({ INTEGRATION_ID: 'tenant-a-integration' });

    expect(sut.integrations[0]!.outboundNotificationWebhookUrl).toBe(
      'http://127.0.0.1:3002/webhooks/genesys/tenant-a-integration',
    );
  });

  it('refuses to start in production', () => {
    expect(() => loadGenesysSimulatorConfig({ NODE_ENV: 'production' })).toThrow(ConfigValidationError);
    expect(() => loadGenesysSimulatorConfig({ NODE_ENV: 'production' })).toThrow(
      /refuses to start in production/,
    );
  });

  it('adds the seeded clients and integrations after the sandbox ones', () => {
    const sut = loadGenesysSimulatorConfig({
      SEED_OAUTH_CLIENTS: JSON.stringify([
        { clientId: 'b', clientSecret: 'b-secret', organizationId: 'org-b' },
      ]),
      SEED_INTEGRATIONS: JSON.stringify([
        {
          id: 'int-b',
          organizationId: 'org-b',
          name: 'B',
          outboundNotificationWebhookUrl: 'http://127.0.0.1:3002/webhooks/genesys/int-b',
          outboundNotificationWebhookSignatureSecretToken: 'b-webhook-secret-16',
        },
      ]),
    });

    expect(sut.oauthClients.map((client) => client.clientId)).toEqual(['sandbox-genesys-client', 'b']);
    expect(sut.integrations.map((integration) => [integration.id, integration.organizationId])).toEqual([
      [SANDBOX_INTEGRATION_ID, 'sandbox-org'],
      ['int-b', 'org-b'],
    ]);
  });

  it('names the variable with invalid JSON, a short webhook secret or a threading window above 72 h', () => {
    expect(() => loadGenesysSimulatorConfig({ SEED_INTEGRATIONS: '[{' })).toThrow(
      /SEED_INTEGRATIONS: must be valid JSON/,
    );
    expect(() => loadGenesysSimulatorConfig({ INTEGRATION_WEBHOOK_SECRET: 'fifteen-chars!!' })).toThrow(
      /INTEGRATION_WEBHOOK_SECRET: must be more than 15 characters/,
    );
    expect(() =>
      loadGenesysSimulatorConfig({
        SEED_INTEGRATIONS: JSON.stringify([
          {
            id: 'x',
            name: 'x',
            outboundNotificationWebhookUrl: 'http://x',
            outboundNotificationWebhookSignatureSecretToken: 'short',
          },
        ]),
      }),
    ).toThrow(/SEED_INTEGRATIONS\.0\.outboundNotificationWebhookSignatureSecretToken/);
    expect(() => loadGenesysSimulatorConfig({ THREADING_WINDOW_SECONDS: String(72 * 3600 + 1) })).toThrow(
      /THREADING_WINDOW_SECONDS/,
    );
  });
});
