import type { GenesysCorrelation } from '@switchboard/shared-contracts';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';

/** Digits like Meta's phone_number_id and wa_id. */
export function randomDigits(length = 12): string {
  return `${randomInt(1, 10)}${Array.from({ length: length - 1 }, () => randomInt(0, 10)).join('')}`;
}

export function randomWamid(): string {
  return `wamid.${randomBytes(24).toString('base64url')}`;
}

/** One of a tenant's WhatsApp numbers with its Genesys integration. */
export interface NumberFixture {
  readonly tenantId: string;
  readonly phoneNumberId: string;
  readonly integrationId: string;
}

export function numberFixture(tenantId: string = randomUUID()): NumberFixture {
  return { tenantId, phoneNumberId: randomDigits(15), integrationId: randomUUID() };
}

/** A correlation as genesys-api-service publishes it; `messageTime` defaults to now. */
export function correlationFor(
  number: NumberFixture,
  customerWaId: string,
  overrides: Partial<GenesysCorrelation> = {},
): GenesysCorrelation {
  const now = new Date().toISOString();
  return {
    integrationId: number.integrationId,
    phoneNumberId: number.phoneNumberId,
    customerWaId,
    customerName: 'Ada Customer',
    whatsappMessageId: randomWamid(),
    genesysMessageId: randomUUID(),
    conversationId: randomUUID(),
    messageTime: now,
    acceptedAt: now,
    ...overrides,
  };
}

/** An ISO time `seconds` from `base` (negative: earlier). */
export function isoAt(base: string | Date, seconds: number): string {
  return new Date(new Date(base).getTime() + seconds * 1000).toISOString();
}
