import { randomBytes, randomUUID } from 'node:crypto';
import {
  FakeServiceTokenIssuer,
  sendJson as send,
  startLoopbackServer,
} from '@switchboard/backend-testing-platform';
import type { RecordMessageRequest, TenantLookup, TrackedMessageView } from '@switchboard/shared-contracts';

/** A tenant's WhatsApp number as tenant-service and auth-service know it. */
export interface FakeNumber {
  readonly tenantId: string;
  readonly phoneNumberId: string;
  readonly integrationId: string;
  readonly throughputTier?: number;
}

export interface FakePlatformOptions {
  /** whatsapp-api-service's client credentials at auth-service. */
  readonly serviceName: string;
  readonly serviceSecret: string;
  /** A new token for the number, registered wherever WhatsApp checks it (the simulator). */
  readonly mintToken: (phoneNumberId: string) => Promise<string>;
}

export interface RecordedMessage {
  readonly tenantId: string;
  readonly request: RecordMessageRequest;
}

export interface FakePlatform {
  readonly baseUrl: string;
  add(number: FakeNumber): void;
  /** The token the broker hands out for the number now (minted on first use, like the real one). */
  currentToken(phoneNumberId: string): Promise<string>;
  /** From now on the broker hands out tokens WhatsApp does not accept (as with revoked credentials). */
  breakCredentials(phoneNumberId: string): void;
  /** DELETEs of the number's token (after a 401 from WhatsApp). */
  invalidations(phoneNumberId: string): number;
  /** What state-manager was asked to record, in order. */
  readonly records: RecordedMessage[];
  /** Calls refused because they carried no valid service token. */
  refusedCalls(): number;
  close(): Promise<void>;
}

/**
 * The three internal APIs whatsapp-api-service calls, on one loopback server: auth-service's
 * service tokens and WhatsApp token broker (a token per number, cached until invalidated and
 * then replaced, like the real broker), tenant-service's phone number lookup, and state-manager's
 * message records. Every internal route checks the service token it issued.
 */
export async function startFakePlatform(options: FakePlatformOptions): Promise<FakePlatform> {
  const numbers = new Map<string, FakeNumber>();
  const tokens = new Map<string, Promise<string>>();
  const broken = new Set<string>();
  const invalidations = new Map<string, number>();
  const serviceTokens = new FakeServiceTokenIssuer(options.serviceName, options.serviceSecret);
  const records: RecordedMessage[] = [];

  const currentToken = (phoneNumberId: string): Promise<string> => {
    let token = tokens.get(phoneNumberId);
    if (!token) {
      token = options.mintToken(phoneNumberId);
      tokens.set(phoneNumberId, token);
      token.catch(() => tokens.delete(phoneNumberId));
    }
    return token;
  };

  const lookupOf = (number: FakeNumber): TenantLookup => ({
    tenantId: number.tenantId,
    tenantStatus: 'active',
    numberId: `number-${number.phoneNumberId}`,
    phoneNumberId: number.phoneNumberId,
    displayNumber: null,
    wabaId: 'waba-test',
    throughputTier: number.throughputTier ?? 1000,
    integrationId: number.integrationId,
    genesysRegion: 'eu-west-1',
  });

  const trackedView = (tenantId: string, request: RecordMessageRequest): TrackedMessageView => ({
    id: randomUUID(),
    tenantId,
    direction: request.direction,
    whatsappMessageId: request.whatsappMessageId,
    genesysMessageId: request.genesysMessageId,
    conversationId: request.conversationId ?? null,
    integrationId: request.integrationId,
    phoneNumberId: request.phoneNumberId,
    customerWaId: request.customerWaId,
    status: 'accepted',
    statusHistory: [{ status: 'accepted', at: request.at }],
    partIndex: request.part?.index ?? 0,
    partCount: request.part?.count ?? 1,
    createdAt: new Date().toISOString(),
  });

  const server = await startLoopbackServer(async (request, response, body) => {
    const path = request.url ?? '';
    if (serviceTokens.handledTokenRequest(request, response) || !serviceTokens.authorized(request, response))
      return;
    const record = /^\/internal\/tenants\/([^/?]+)\/messages$/.exec(path);
    if (record && request.method === 'POST') {
      const tenantId = decodeURIComponent(record[1] ?? '');
      const recordRequest = JSON.parse(body) as RecordMessageRequest;
      records.push({ tenantId, request: recordRequest });
      return send(response, 201, trackedView(tenantId, recordRequest));
    }
    const token = /^\/internal\/whatsapp-tokens\/([^/?]+)$/.exec(path);
    const lookup = /^\/internal\/lookup\/phone-number\/([^/?]+)$/.exec(path);
    const number = numbers.get(decodeURIComponent((token ?? lookup)?.[1] ?? ''));
    if (!number) return send(response, 404, { message: 'not found' });
    if (lookup && request.method === 'GET') return send(response, 200, lookupOf(number));
    if (token && request.method === 'GET') {
      const accessToken = broken.has(number.phoneNumberId)
        ? `revoked-${randomBytes(8).toString('hex')}`
        : await currentToken(number.phoneNumberId);
      return send(response, 200, { accessToken, expiresAt: null });
    }
    if (token && request.method === 'DELETE') {
      tokens.delete(number.phoneNumberId);
      invalidations.set(number.phoneNumberId, (invalidations.get(number.phoneNumberId) ?? 0) + 1);
      return send(response, 204);
    }
    return send(response, 404, { message: 'no such route' });
  });
  return {
    baseUrl: server.baseUrl,
    add: (number) => numbers.set(number.phoneNumberId, number),
    currentToken,
    breakCredentials: (phoneNumberId) => broken.add(phoneNumberId),
    invalidations: (phoneNumberId) => invalidations.get(phoneNumberId) ?? 0,
    records,
    refusedCalls: () => serviceTokens.refusedCalls(),
    close: () => server.close(),
  };
}
