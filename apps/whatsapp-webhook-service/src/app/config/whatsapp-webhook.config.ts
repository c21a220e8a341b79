import {
  intVar,
  loadConfig,
  portVar,
  rabbitMqUrlVar,
  secret,
  urlVar,
  type ConfigContext,
} from '@switchboard/backend-util-config';
import { SERVICES } from '@switchboard/shared-contracts';

export const SERVICE_NAME = SERVICES.WHATSAPP_WEBHOOK.name;

/** Development defaults: public on purpose, refused in production. */
export const DEV_SERVICE_CLIENT_SECRET = `dev-only-${SERVICE_NAME}-secret`;
/** The WhatsApp simulator's defaults (APP_SECRET, VERIFY_TOKEN), so that the sandbox works unconfigured. */
export const DEV_META_APP_SECRET = 'sandbox-meta-app-secret';
export const DEV_WHATSAPP_VERIFY_TOKEN = 'sandbox-verify-token';

const ONE_MEBIBYTE = 1024 * 1024;

/** A peer service's base URL: required in production, a loopback default elsewhere. */
function peerServiceUrl(ctx: ConfigContext, devDefault: string) {
  return ctx.isProduction ? urlVar() : urlVar(devDefault);
}

const whatsAppWebhookShape = (ctx: ConfigContext) => ({
  PORT: portVar(SERVICES.WHATSAPP_WEBHOOK.port),
  RABBITMQ_URL: rabbitMqUrlVar(ctx),
  /** How long a publish may wait for the broker's confirmation before the webhook answers 503. */
  RABBITMQ_PUBLISH_TIMEOUT_MS: intVar(5_000, 100, 60_000),
  /** Key of the `X-Hub-Signature-256` HMAC: the Meta app's secret. */
  META_APP_SECRET: secret(ctx, { devDefault: DEV_META_APP_SECRET }),
  /** The Verify Token entered in the Meta App Dashboard for the GET handshake. */
  WHATSAPP_VERIFY_TOKEN: secret(ctx, { devDefault: DEV_WHATSAPP_VERIFY_TOKEN }),
  TENANT_SERVICE_URL: peerServiceUrl(ctx, `http://127.0.0.1:${SERVICES.TENANT.port}`),
  AUTH_SERVICE_URL: peerServiceUrl(ctx, `http://127.0.0.1:${SERVICES.AUTH.port}`),
  /** This service's client secret at auth-service (JWKS and service tokens). */
  SERVICE_CLIENT_SECRET: secret(ctx, { devDefault: DEV_SERVICE_CLIENT_SECRET }),
  /** How long a phone_number_id → tenant answer is reused. */
  TENANT_LOOKUP_TTL_SECONDS: intVar(60, 1, 3600),
  /** How long "no tenant owns this number" is reused (0: not at all). */
  TENANT_LOOKUP_NEGATIVE_TTL_SECONDS: intVar(10, 0, 3600),
  TENANT_LOOKUP_TIMEOUT_MS: intVar(3_000, 100, 30_000),
  /** Larger webhook bodies are refused with 413 before anything else. */
  MAX_BODY_BYTES: intVar(ONE_MEBIBYTE, 1024, 16 * ONE_MEBIBYTE),
});

export type WhatsAppWebhookConfig = ReturnType<typeof loadConfig<ReturnType<typeof whatsAppWebhookShape>>>;

/** Loads and validates the configuration; production refuses missing or development secrets. */
export function loadWhatsAppWebhookConfig(env: NodeJS.ProcessEnv = process.env): WhatsAppWebhookConfig {
  return loadConfig(SERVICE_NAME, whatsAppWebhookShape, env);
}

/** Injection token of the loaded {@link WhatsAppWebhookConfig}. */
export const WHATSAPP_WEBHOOK_CONFIG = Symbol('WHATSAPP_WEBHOOK_CONFIG');
