import type { ConversationView, TenantLookup, TrackedMessageView } from '@switchboard/shared-contracts';
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
  readonly query: Record<string, string>;
}

/**
 * Stands in for the services outbound-transformer calls, with their documented internal APIs:
 * auth-service (service tokens), tenant-service (integration lookup) and state-manager
 * (conversations by Genesys id or active per customer, messages by Genesys id).
 */
export class FakePlatform {
  readonly calls: FakePlatformCall[] = [];
  /** By integration id. */
  readonly integrations = new Map<string, TenantLookup>();
  /** By `<tenantId>/<conversationId>`. */
  readonly conversations = new Map<string, ConversationView>();
  /** By `<tenantId>/<genesysMessageId>`. */
  readonly messages = new Map<string, TrackedMessageView>();
  /** Answers 503 to the next N calls whose path contains the key. */
  readonly failures = new Map<string, number>();

  private constructor(private readonly server: LoopbackServer) {}

  get baseUrl(): string {
    return this.server.baseUrl;
  }

  static async start(): Promise<FakePlatform> {
    let fake: FakePlatform | undefined = undefined;
    const server = await startLoopbackServer((request, response) => fake?.handle(request, response));
    fake = new FakePlatform(server);
    return fake;
  }

  /** A conversation as state-manager keeps it (the customer wrote `lastInboundAt`). */
  addConversation(
    tenantId: string,
    conversation: Pick<
      ConversationView,
      | 'conversationId'
      | 'integrationId'
      | 'phoneNumberId'
      | 'customerWaId'
      | 'lastInboundAt'
      | 'lastInboundMessageId'
    > &
      Partial<ConversationView>,
  ): ConversationView {
    const now = new Date().toISOString();
    const view: ConversationView = {
      id: randomUUID(),
      tenantId,
      customerName: 'Jane Example',
      status: 'active',
      lastActivityAt: now,
      createdAt: now,
      ...conversation,
    };
    this.conversations.set(`${tenantId}/${view.conversationId}`, view);
    return view;
  }

  /** A customer's message as state-manager tracks it (Genesys id ↔ wamid). */
  trackInbound(
    tenantId: string,
    message: Pick<
      TrackedMessageView,
      'whatsappMessageId' | 'genesysMessageId' | 'integrationId' | 'phoneNumberId' | 'customerWaId'
    >,
  ): void {
    this.messages.set(`${tenantId}/${message.genesysMessageId}`, {
      id: randomUUID(),
      tenantId,
      direction: 'inbound',
      conversationId: null,
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

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', this.baseUrl);
    const path = decodeURIComponent(url.pathname);
    const method = request.method ?? 'GET';
    this.calls.push({ method, path, query: Object.fromEntries(url.searchParams) });
    if (takeInjectedFailure(this.failures, path)) {
      return sendJson(response, 503, { message: 'unavailable (injected)' });
    }
    const answer = this.route(method, path, url.searchParams);
    sendJson(response, answer.status, answer.body);
  }

  private route(method: string, path: string, query: URLSearchParams): { status: number; body?: unknown } {
    let match: RegExpExecArray | null;
    if (method === 'POST' && path === '/internal/service-tokens') {
      return {
        status: 200,
        body: { access_token: 'fake-service-token', token_type: 'bearer', expires_in: 300 },
      };
    }
    if ((match = /^\/internal\/lookup\/integration\/([^/]+)$/.exec(path))) {
      return found(this.integrations.get(match[1]!));
    }
    if ((match = /^\/internal\/tenants\/([^/]+)\/conversations\/active$/.exec(path))) {
      const tenantId = match[1]!;
      return found(
        [...this.conversations.values()].find(
          (conversation) =>
            conversation.tenantId === tenantId &&
            conversation.status === 'active' &&
            conversation.phoneNumberId === query.get('phoneNumberId') &&
            conversation.customerWaId === query.get('customerWaId'),
        ),
      );
    }
    if ((match = /^\/internal\/tenants\/([^/]+)\/conversations\/([^/]+)$/.exec(path))) {
      return found(this.conversations.get(`${match[1]}/${match[2]}`));
    }
    if ((match = /^\/internal\/tenants\/([^/]+)\/messages\/genesys\/([^/]+)$/.exec(path))) {
      return found(this.messages.get(`${match[1]}/${match[2]}`));
    }
    return { status: 404 };
  }
}

function found(value: unknown): { status: number; body?: unknown } {
  return value === undefined ? { status: 404 } : { status: 200, body: value };
}
