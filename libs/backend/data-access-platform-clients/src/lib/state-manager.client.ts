import {
  applyStatusResponseSchema,
  conversationViewSchema,
  customerNumberChangeResponseSchema,
  SERVICES,
  STATE_MANAGER_PATHS,
  trackedMessageViewSchema,
  type ApplyStatusRequest,
  type ApplyStatusResponse,
  type ConversationView,
  type CustomerNumberChangeRequest,
  type CustomerNumberChangeResponse,
  type RecordMessageRequest,
  type TrackedMessageView,
} from '@switchboard/shared-contracts';
import {
  InternalHttpClient,
  InternalServiceUnavailableError,
  type InternalHttpClientOptions,
} from './internal-http.client';

export type StateManagerClientOptions = Omit<InternalHttpClientOptions, 'audience'>;

/** The internal API of state-manager: conversations and message tracking, per tenant. */
export class StateManagerClient {
  private readonly http: InternalHttpClient;

  constructor(options: StateManagerClientOptions) {
    this.http = new InternalHttpClient({ ...options, audience: SERVICES.STATE_MANAGER.name });
  }

  activeConversation(
    tenantId: string,
    phoneNumberId: string,
    customerWaId: string,
  ): Promise<ConversationView | null> {
    return this.http.request({
      method: 'GET',
      path: STATE_MANAGER_PATHS.activeConversation(tenantId),
      query: { phoneNumberId, customerWaId },
      schema: conversationViewSchema,
    });
  }

  conversation(tenantId: string, conversationId: string): Promise<ConversationView | null> {
    return this.http.request({
      method: 'GET',
      path: STATE_MANAGER_PATHS.conversation(tenantId, conversationId),
      schema: conversationViewSchema,
    });
  }

  messageByWhatsAppId(tenantId: string, whatsappMessageId: string): Promise<TrackedMessageView | null> {
    return this.http.request({
      method: 'GET',
      path: STATE_MANAGER_PATHS.messageByWhatsAppId(tenantId, whatsappMessageId),
      schema: trackedMessageViewSchema,
    });
  }

  messageByGenesysId(tenantId: string, genesysMessageId: string): Promise<TrackedMessageView | null> {
    return this.http.request({
      method: 'GET',
      path: STATE_MANAGER_PATHS.messageByGenesysId(tenantId, genesysMessageId),
      schema: trackedMessageViewSchema,
    });
  }

  async recordMessage(tenantId: string, request: RecordMessageRequest): Promise<TrackedMessageView> {
    const view = await this.http.request({
      method: 'POST',
      path: STATE_MANAGER_PATHS.messages(tenantId),
      body: request,
      schema: trackedMessageViewSchema,
    });
    return this.required(view, 'record message');
  }

  /** Null when state-manager tracks no message with this wamid. */
  applyStatus(
    tenantId: string,
    whatsappMessageId: string,
    request: ApplyStatusRequest,
  ): Promise<ApplyStatusResponse | null> {
    return this.http.request({
      method: 'POST',
      path: STATE_MANAGER_PATHS.messageStatus(tenantId, whatsappMessageId),
      body: request,
      schema: applyStatusResponseSchema,
    });
  }

  async changeCustomerNumber(
    tenantId: string,
    request: CustomerNumberChangeRequest,
  ): Promise<CustomerNumberChangeResponse> {
    const answer = await this.http.request({
      method: 'POST',
      path: STATE_MANAGER_PATHS.customerNumberChanges(tenantId),
      body: request,
      schema: customerNumberChangeResponseSchema,
    });
    return this.required(answer, 'customer number change');
  }

  private required<T>(value: T | null, what: string): T {
    if (value === null) throw new InternalServiceUnavailableError(`state-manager answered 404 to ${what}`);
    return value;
  }
}
