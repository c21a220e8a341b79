import {
  ConfigValidationError,
  booleanVar,
  intVar,
  loadConfig,
  portVar,
  urlVar,
} from '@switchboard/backend-util-config';
import { z } from 'zod';

export const SERVICE_NAME = 'whatsapp-simulator';

export const STATUS_VALUES = ['sent', 'delivered', 'read', 'failed', 'played'] as const;
export type StatusValue = (typeof STATUS_VALUES)[number];

const DIGITS = /^\d{1,20}$/;

const seedPhoneNumberSchema = z.object({
  phoneNumberId: z.string().regex(DIGITS, 'phoneNumberId must be digits'),
  accessToken: z.string().min(1),
  displayPhoneNumber: z.string().regex(DIGITS, 'displayPhoneNumber must be digits').optional(),
  wabaId: z.string().regex(DIGITS, 'wabaId must be digits').optional(),
  /** Per-number webhook target and app secret, for tenants whose numbers belong to different Meta apps. */
  webhookUrl: z.url({ protocol: /^https?$/ }).optional(),
  appSecret: z.string().min(1).optional(),
});

export type SeedPhoneNumber = z.infer<typeof seedPhoneNumberSchema>;

/** `phoneNumberId:token[:displayPhoneNumber],...`, or a JSON array of {@link SeedPhoneNumber}. */
export function parseSeedPhoneNumbers(raw: string): SeedPhoneNumber[] {
  const trimmed = raw.trim();
  const entries: unknown = trimmed.startsWith('[')
    ? JSON.parse(trimmed)
    : trimmed
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean)
        .map((entry) => {
          const [phoneNumberId, accessToken, displayPhoneNumber] = entry.split(':');
          return { phoneNumberId, accessToken, displayPhoneNumber: displayPhoneNumber || undefined };
        });
  return z.array(seedPhoneNumberSchema).min(1).parse(entries);
}

const seedPhoneNumbersVar = (defaultValue: string) =>
  z
    .string()
    .default(defaultValue)
    .transform((raw, ctx) => {
      try {
        return parseSeedPhoneNumbers(raw);
      } catch (error) {
        const detail = error instanceof z.ZodError ? z.prettifyError(error) : String(error);
        ctx.addIssue({
          code: 'custom',
          message: `must be "id:token[:display],..." or a JSON array (${detail})`,
        });
        return z.NEVER;
      }
    });

const statusSequenceVar = (defaultValue: string) =>
  z
    .string()
    .default(defaultValue)
    .transform((raw) =>
      raw
        .split(',')
        .map((status) => status.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(STATUS_VALUES)));

const decimalVar = (defaultValue: number, min: number, max: number) =>
  z.coerce.number().min(min).max(max).default(defaultValue);

export const DEFAULT_PHONE_NUMBER_ID = '109876543210987';
export const DEFAULT_DISPLAY_PHONE_NUMBER = '15550100200';
export const DEFAULT_ACCESS_TOKEN = 'sandbox-whatsapp-access-token';
/** The Meta app (client_id of the Embedded Signup code exchange; APP_SECRET is its secret). */
export const DEFAULT_APP_ID = '900000000000001';

const MB = 1024 * 1024;

const whatsAppSimulatorShape = () => ({
  PORT: portVar(3100),
  /** Base of the media download URLs this simulator hands out. */
  PUBLIC_BASE_URL: urlVar('http://127.0.0.1:3100'),
  /** The Meta app secret that signs webhooks (X-Hub-Signature-256). */
  APP_SECRET: z.string().min(1).default('sandbox-meta-app-secret'),
  /** The Meta app id that the Embedded Signup code exchange expects as client_id. */
  APP_ID: z.string().regex(DIGITS, 'must be digits').default(DEFAULT_APP_ID),
  WEBHOOK_URL: urlVar('http://127.0.0.1:3001/webhooks/whatsapp'),
  VERIFY_TOKEN: z.string().min(1).default('sandbox-verify-token'),
  GRAPH_API_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, 'must look like v25.0')
    .default('v25.0'),
  WABA_ID: z.string().regex(DIGITS, 'must be digits').default('100200300400500'),
  SEED_PHONE_NUMBERS: seedPhoneNumbersVar(
    `${DEFAULT_PHONE_NUMBER_ID}:${DEFAULT_ACCESS_TOKEN}:${DEFAULT_DISPLAY_PHONE_NUMBER}`,
  ),
  WEBHOOK_MAX_ATTEMPTS: intVar(6, 1, 100),
  WEBHOOK_RETRY_INITIAL_DELAY_MS: intVar(1000, 0, 3_600_000),
  WEBHOOK_RETRY_FACTOR: decimalVar(2, 1, 10),
  WEBHOOK_RETRY_MAX_DELAY_MS: intVar(60_000, 0, 86_400_000),
  WEBHOOK_TIMEOUT_MS: intVar(10_000, 1, 600_000),
  WEBHOOK_MAX_PENDING: intVar(10_000, 1, 1_000_000),
  AUTO_STATUS_ENABLED: booleanVar(true),
  AUTO_STATUS_DELAY_MS: intVar(300, 0, 3_600_000),
  AUTO_STATUS_SEQUENCE: statusSequenceVar('sent,delivered,read'),
  AUTO_STATUS_FAILED_CODE: intVar(131026, 0, 9_999_999),
  MEDIA_URL_TTL_SECONDS: intVar(300, 1, 86_400),
  MAX_UPLOAD_BYTES: intVar(100 * MB, 1, 1024 * MB),
  MAX_RECORDED_SENDS: intVar(1000, 1, 1_000_000),
  MAX_RECORDED_DELIVERIES: intVar(1000, 1, 1_000_000),
  MAX_MEDIA_ITEMS: intVar(500, 1, 1_000_000),
  MAX_MEDIA_TOTAL_BYTES: intVar(256 * MB, 1, 8 * 1024 * MB),
  MAX_FAULTS: intVar(100, 1, 10_000),
  MAX_TOKENS: intVar(1000, 1, 100_000),
  MAX_PHONE_NUMBERS: intVar(1000, 1, 100_000),
});

export type WhatsAppSimulatorConfig = ReturnType<typeof loadWhatsAppSimulatorConfig>;

/** Loads and validates the configuration; refuses production, since this is a test double. */
export function loadWhatsAppSimulatorConfig(env: NodeJS.ProcessEnv = process.env) {
  if (env['NODE_ENV'] === 'production') {
    throw new ConfigValidationError(SERVICE_NAME, [
      'NODE_ENV: the WhatsApp simulator is a test double and refuses to start in production',
    ]);
  }
  return loadConfig(SERVICE_NAME, whatsAppSimulatorShape, env);
}

/** Injection token of the loaded {@link WhatsAppSimulatorConfig}. */
export const WHATSAPP_SIMULATOR_CONFIG = Symbol('WHATSAPP_SIMULATOR_CONFIG');
