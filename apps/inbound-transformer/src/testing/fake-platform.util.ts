import {
  TRACKED_STATUS_RANK,
  type ApplyStatusRequest,
  type ApplyStatusResponse,
  type CustomerNumberChangeRequest,
  type TenantLookup,
  type TrackedMessageView,
} from '@switchboard/shared-contracts';
import {
  sendJson,
  startLoopbackServer,
  takeInjectedFailure,
  type LoopbackServer,
} from '@switchboard/backend-testing-platform';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface FakePlatformCall {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

/**
 * Stands in for the three Switchboard services inbound-transformer calls, with their documented
 * internal APIs: auth-service (service tokens, WhatsApp token broker), tenant-service (phone
 * number lookup) and state-manager (message tracking with the applyStatus contract: statuses only
 * move forward, and each receipt is decided once).
 */
export class FakePlatform {
  readonly calls: FakePlatformCall[] = [];
  readonly lookups = new Map<string, TenantLookup>();
  readonly whatsAppTokens = new Map<string, string>();
  /** By `<tenantId>/<wamid>`. */
  readonly messages = new Map<string, TrackedMessageView>();
  readonly numberChanges: CustomerNumberChangeRequest[] = [];
  /** Answers 503 to the next N calls whose path contains the key. */
  readonly failures = new Map<string, number>();

  private constructor(private readonly server: LoopbackServer) {}

  get baseUrl(): string {
    return this.server.baseUrl;
  }

  static async start(): Promise<FakePlatform> {
    let fake: FakePlatform | undefined = undefined;
    const server = await startLoopbackServer((request, response, body) =>
      fake?.handle(request, response, body),
    );
    fake = new FakePlatform(server);
    return fake;
  }

  /** An outbound message as whatsapp-api-service would have recorded it. */
  trackOutbound(
    tenantId: string,
    message: Pick<
      TrackedMessageView,
      'whatsappMessageId' | 'genesysMessageId' | 'integrationId' | 'phoneNumberId' | 'customerWaId'
    >,
  ): void {
    this.messages.set(`${tenantId}/${message.whatsappMessageId}`, {
      id: randomUUID(),
      tenantId,
      direction: 'outbound',
      conversationId: 'conversation-1',
      status: 'accepted',
      statusHistory: [],
      partIndex: 0,
      partCount: 1,
      createdAt: new Date().toISOString(),
      ...message,
    });
  }

  callsTo(pathPart: string): FakePlatformCall[] {
    return this.calls.filter((call) => call.path.includes(pathPart));
  }

  close(): Promise<void> {
    return this.server.close();
  }

  private handle(request: IncomingMessage, response: ServerResponse, text: string): void {
    const path = decodeURIComponent(new URL(request.url ?? '/', this.baseUrl).pathname);
    const method = request.method ?? 'GET';
    const body: unknown = text ? JSON.parse(text) : undefined;
    this.calls.push({ method, path, body });
    if (takeInjectedFailure(this.failures, path)) {
      return sendJson(response, 503, { message: 'unavailable (injected)' });
    }
    const answer = this.route(method, path, body);
    sendJson(response, answer.status, answer.body);
  }

  private route(method: string, path: string, body: unknown): { status: number; body?: unknown } {
    let match: RegExpExecArray | null;
    if (method === 'POST' && path === '/internal/service-tokens') {
      return {
        status: 200,
        body: { access_token: 'fake-service-token', token_type: 'bearer', expires_in: 300 },
      };
    }
    if ((match = /^\/internal\/lookup\/phone-number\/([^/]+)$/.exec(path))) {
      const lookup = this.lookups.get(match[1]!);
      return lookup ? { status: 200, body: lookup } : { status: 404 };
    }
    if ((match = /^\/internal\/whatsapp-tokens\/([^/]+)$/.exec(path))) {
      if (method === 'DELETE') return { status: 204 };
      const token = this.whatsAppTokens.get(match[1]!);
      return token ? { status: 200, body: { accessToken: token, expiresAt: null } } : { status: 404 };
    }
    if ((match = /^\/internal\/tenants\/([^/]+)\/messages\/whatsapp\/([^/]+)\/status$/.exec(path))) {
      return this.applyStatus(match[1]!, match[2]!, body as ApplyStatusRequest);
    }
    if ((match = /^\/internal\/tenants\/([^/]+)\/messages\/whatsapp\/([^/]+)$/.exec(path))) {
      const tracked = this.messages.get(`${match[1]}/${match[2]}`);
      return tracked ? { status: 200, body: tracked } : { status: 404 };
    }
    if (/^\/internal\/tenants\/[^/]+\/customers\/number-changes$/.test(path)) {
      this.numberChanges.push(body as CustomerNumberChangeRequest);
      return { status: 200, body: { moved: 1 } };
    }
    return { status: 404 };
  }

  private applyStatus(
    tenantId: string,
    wamid: string,
    request: ApplyStatusRequest,
  ): { status: number; body?: unknown } {
    const key = `${tenantId}/${wamid}`;
    const tracked = this.messages.get(key);
    if (!tracked) return { status: 404 };
    const previousStatus = tracked.status;
    const applied =
      previousStatus !== 'failed' &&
      TRACKED_STATUS_RANK[request.status] > TRACKED_STATUS_RANK[previousStatus];
    let receipt: ApplyStatusResponse['receipt'] = null;
    if (applied) {
      const deliveredBefore = TRACKED_STATUS_RANK[previousStatus] >= TRACKED_STATUS_RANK.delivered;
      receipt =
        request.status === 'failed'
          ? 'Failed'
          : !deliveredBefore && request.status !== 'sent'
            ? 'Delivered'
            : null;
      const updated: TrackedMessageView = {
        ...tracked,
        status: request.status,
        statusHistory: [...tracked.statusHistory, { status: request.status, at: request.at }],
      };
      this.messages.set(key, updated);
    }
    const answer: ApplyStatusResponse = {
      applied,
      previousStatus,
      message: this.messages.get(key)!,
      receipt,
    };
    return { status: 200, body: answer };
  }
}
