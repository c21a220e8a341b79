import { ConfigValidationError, intVar, loadConfig, portVar, urlVar } from '@switchboard/backend-util-config';
import { z } from 'zod';

export const SERVICE_NAME = 'genesys-simulator';

/** Injection token of the {@link GenesysSimulatorConfig}. */
export const GENESYS_SIMULATOR_CONFIG = Symbol('GENESYS_SIMULATOR_CONFIG');

/** Organisation that owns the sandbox client and integration unless a seed names another. */
export const SANDBOX_ORGANIZATION_ID = 'sandbox-org';

/** The integration id of the spec samples (samples/genesys-*.json). */
export const SANDBOX_INTEGRATION_ID = '5f2b6c1e-8d3a-4b7e-9c1d-2a3b4c5d6e7f';

/** Genesys requires the outbound webhook secret to be more than 15 characters (spec B5). */
export const MIN_WEBHOOK_SECRET_LENGTH = 16;

/** An OAuth client's `accessTokenValiditySeconds` is at most 48 h (spec B1); the simulator allows down to 1 s. */
export const MAX_TOKEN_VALIDITY_SECONDS = 48 * 60 * 60;

/** Genesys's threading timeline ranges from 0 to 72 h (spec B5). */
export const MAX_THREADING_WINDOW_SECONDS = 72 * 60 * 60;

const oauthClientSeedSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  organizationId: z.string().min(1).default(SANDBOX_ORGANIZATION_ID),
  accessTokenValiditySeconds: z.int().positive().max(MAX_TOKEN_VALIDITY_SECONDS).optional(),
});

const webhookHeadersSchema = z.record(z.string(), z.string());

const integrationSeedSchema = z.object({
  id: z.string().min(1),
  organizationId: z.string().min(1).default(SANDBOX_ORGANIZATION_ID),
  name: z.string().min(1),
  outboundNotificationWebhookUrl: z.url({ protocol: /^https?$/ }),
  outboundNotificationWebhookSignatureSecretToken: z.string().min(MIN_WEBHOOK_SECRET_LENGTH),
  webhookHeaders: webhookHeadersSchema.default({}),
});

export type OAuthClientSeed = z.infer<typeof oauthClientSeedSchema>;
export type IntegrationSeed = z.infer<typeof integrationSeedSchema>;

/** A variable holding JSON, validated by `schema`. */
function jsonVar<T extends z.ZodType>(schema: T, defaultJson: string) {
  return z
    .string()
    .default(defaultJson)
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

const buildShape = () => ({
  PORT: portVar(3101),
  PUBLIC_BASE_URL: urlVar('http://127.0.0.1:3101'),
  TOKEN_TTL_SECONDS: intVar(86399, 1, MAX_TOKEN_VALIDITY_SECONDS),
  OAUTH_CLIENT_ID: z.string().min(1).default('sandbox-genesys-client'),
  OAUTH_CLIENT_SECRET: z.string().min(1).default('sandbox-genesys-client-secret'),
  INTEGRATION_ID: z.string().min(1).default(SANDBOX_INTEGRATION_ID),
  INTEGRATION_NAME: z.string().min(1).default('WA Support Integration'),
  INTEGRATION_WEBHOOK_URL: urlVar().optional(),
  INTEGRATION_WEBHOOK_SECRET: z
    .string()
    .min(MIN_WEBHOOK_SECRET_LENGTH, `must be more than ${MIN_WEBHOOK_SECRET_LENGTH - 1} characters`)
    .default('sandbox-genesys-webhook-secret'),
  INTEGRATION_WEBHOOK_HEADERS: jsonVar(webhookHeadersSchema, '{}'),
  SEED_OAUTH_CLIENTS: jsonVar(z.array(oauthClientSeedSchema), '[]'),
  SEED_INTEGRATIONS: jsonVar(z.array(integrationSeedSchema), '[]'),
  THREADING_WINDOW_SECONDS: intVar(MAX_THREADING_WINDOW_SECONDS, 0, MAX_THREADING_WINDOW_SECONDS),
  WEBHOOK_TIMEOUT_MS: intVar(10_000, 1),
  WEBHOOK_MAX_RETRIES: intVar(5, 0, 100),
  WEBHOOK_RETRY_DELAY_MS: intVar(5_000, 0),
  MAX_RECORDED_ITEMS: intVar(1_000, 1),
  MAX_DELIVERIES: intVar(1_000, 1),
  MAX_PENDING_DELIVERIES: intVar(10_000, 1),
  MAX_CONVERSATIONS: intVar(10_000, 1),
  MAX_TOKENS: intVar(10_000, 1),
  MAX_OAUTH_CLIENTS: intVar(1_000, 1),
  MAX_INTEGRATIONS: intVar(1_000, 1),
  MAX_FAULT_RULES: intVar(100, 1),
  MAX_DOWNLOADS: intVar(200, 1),
  MAX_DOWNLOAD_BYTES: intVar(25 * 1024 * 1024, 1),
  MAX_DOWNLOAD_STORE_BYTES: intVar(100 * 1024 * 1024, 1),
});

export interface WebhookDeliverySettings {
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly retryDelayMs: number;
}

export interface StateLimits {
  readonly maxRecordedItems: number;
  readonly maxDeliveries: number;
  readonly maxPendingDeliveries: number;
  readonly maxConversations: number;
  readonly maxTokens: number;
  readonly maxOauthClients: number;
  readonly maxIntegrations: number;
  readonly maxFaultRules: number;
  readonly maxDownloads: number;
  readonly maxDownloadBytes: number;
  readonly maxDownloadStoreBytes: number;
}

export interface GenesysSimulatorConfig {
  readonly port: number;
  readonly publicBaseUrl: string;
  readonly tokenTtlSeconds: number;
  readonly oauthClients: readonly OAuthClientSeed[];
  readonly integrations: readonly IntegrationSeed[];
  readonly threadingWindowSeconds: number;
  readonly webhook: WebhookDeliverySettings;
  readonly limits: StateLimits;
}

/**
 * Reads the simulator's configuration from the environment. The simulator is a test double
 * with well-known sandbox credentials, so it refuses to start with NODE_ENV=production.
 */
export function loadGenesysSimulatorConfig(env: NodeJS.ProcessEnv = process.env): GenesysSimulatorConfig {
  if (env['NODE_ENV'] === 'production') {
    throw new ConfigValidationError(SERVICE_NAME, [
      'NODE_ENV: the Genesys simulator is a test double and refuses to start in production',
    ]);
  }
  const vars = loadConfig(SERVICE_NAME, buildShape, env);
  const sandboxClient: OAuthClientSeed = {
    clientId: vars.OAUTH_CLIENT_ID,
    clientSecret: vars.OAUTH_CLIENT_SECRET,
    organizationId: SANDBOX_ORGANIZATION_ID,
  };
  const sandboxIntegration: IntegrationSeed = {
    id: vars.INTEGRATION_ID,
    organizationId: SANDBOX_ORGANIZATION_ID,
    name: vars.INTEGRATION_NAME,
    outboundNotificationWebhookUrl:
      vars.INTEGRATION_WEBHOOK_URL ?? `http://127.0.0.1:3002/webhooks/genesys/${vars.INTEGRATION_ID}`,
    outboundNotificationWebhookSignatureSecretToken: vars.INTEGRATION_WEBHOOK_SECRET,
    webhookHeaders: vars.INTEGRATION_WEBHOOK_HEADERS,
  };
  return Object.freeze({
    port: vars.PORT,
    publicBaseUrl: vars.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    tokenTtlSeconds: vars.TOKEN_TTL_SECONDS,
    oauthClients: [sandboxClient, ...vars.SEED_OAUTH_CLIENTS],
    integrations: [sandboxIntegration, ...vars.SEED_INTEGRATIONS],
    threadingWindowSeconds: vars.THREADING_WINDOW_SECONDS,
    webhook: {
      timeoutMs: vars.WEBHOOK_TIMEOUT_MS,
      maxRetries: vars.WEBHOOK_MAX_RETRIES,
      retryDelayMs: vars.WEBHOOK_RETRY_DELAY_MS,
    },
    limits: {
      maxRecordedItems: vars.MAX_RECORDED_ITEMS,
      maxDeliveries: vars.MAX_DELIVERIES,
      maxPendingDeliveries: vars.MAX_PENDING_DELIVERIES,
      maxConversations: vars.MAX_CONVERSATIONS,
      maxTokens: vars.MAX_TOKENS,
      maxOauthClients: vars.MAX_OAUTH_CLIENTS,
      maxIntegrations: vars.MAX_INTEGRATIONS,
      maxFaultRules: vars.MAX_FAULT_RULES,
      maxDownloads: vars.MAX_DOWNLOADS,
      maxDownloadBytes: vars.MAX_DOWNLOAD_BYTES,
      maxDownloadStoreBytes: vars.MAX_DOWNLOAD_STORE_BYTES,
    },
  });
}
