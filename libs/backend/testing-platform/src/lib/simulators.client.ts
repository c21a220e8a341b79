/** JSON calls to a simulator's /control API (no authentication: loopback test doubles). */
export async function controlCall<T = unknown>(
  baseUrl: string,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(new URL(path, baseUrl), {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** What the Genesys simulator recorded of one inbound call (GET /control/inbound). */
export interface GenesysInboundRecord {
  readonly seq: number;
  /** When the simulator recorded it (ISO-8601, simulated clock = wall clock unless advanced). */
  readonly receivedAt: string;
  readonly kind: 'message' | 'receipt' | 'event' | 'structured-response' | 'legacy-message';
  readonly integrationId: string;
  readonly accepted: boolean;
  readonly status?: number;
  readonly body: Record<string, unknown>;
  readonly conversationId?: string;
  readonly genesysMessageId?: string;
  readonly providerMessageId?: string;
  readonly customerId?: string;
}

export class GenesysSimulatorControl {
  constructor(readonly baseUrl: string) {}

  async inbound(query: Record<string, string> = {}): Promise<GenesysInboundRecord[]> {
    const search = new URLSearchParams(query).toString();
    const answer = await controlCall<{ items?: GenesysInboundRecord[] } | GenesysInboundRecord[]>(
      this.baseUrl,
      'GET',
      `/control/inbound${search ? `?${search}` : ''}`,
    );
    return Array.isArray(answer) ? answer : (answer.items ?? []);
  }

  /** Accepted inbound messages carrying this wamid as channel.messageId. */
  async acceptedMessages(wamid: string): Promise<GenesysInboundRecord[]> {
    const records = await this.inbound({ messageId: wamid, kind: 'message' });
    return records.filter((record) => record.accepted && record.providerMessageId === wamid);
  }

  /** Requests answered per HTTP status since the start (faulted ones included). */
  async answersByStatus(): Promise<Record<string, number>> {
    const stats = await controlCall<{ byStatus: Record<string, number> }>(
      this.baseUrl,
      'GET',
      '/control/stats',
    );
    return stats.byStatus;
  }

  addFault(rule: Record<string, unknown>): Promise<{ id: string }> {
    return controlCall(this.baseUrl, 'POST', '/control/faults', rule);
  }

  clearFaults(): Promise<unknown> {
    return controlCall(this.baseUrl, 'DELETE', '/control/faults');
  }

  /** An agent's message (text and/or attachments) POSTed to the integration's webhook. */
  sendAgentMessage(body: Record<string, unknown>, wait = true): Promise<GenesysOutboundSend> {
    return controlCall(this.baseUrl, 'POST', `/control/outbound/messages?wait=${wait}`, body);
  }

  /** Any webhook body, signed with the integration's secret (`JSON.stringify(body)`). */
  sendRawWebhook(
    integrationId: string,
    body: Record<string, unknown>,
    wait = true,
  ): Promise<GenesysOutboundSend> {
    return controlCall(this.baseUrl, 'POST', `/control/outbound/raw?wait=${wait}`, { integrationId, body });
  }

  /** A Structured message with quick replies. */
  sendQuickReplies(body: Record<string, unknown>, wait = true): Promise<GenesysOutboundSend> {
    return controlCall(this.baseUrl, 'POST', `/control/outbound/structured?wait=${wait}`, body);
  }

  sendTyping(body: Record<string, unknown>, wait = true): Promise<GenesysOutboundSend> {
    return controlCall(this.baseUrl, 'POST', `/control/outbound/typing?wait=${wait}`, body);
  }

  /** The same webhook's exact bytes and signature sent `count` more times at once. */
  redeliver(deliveryId: string, count: number): Promise<{ deliveries: GenesysWebhookDelivery[] }> {
    return controlCall(
      this.baseUrl,
      'POST',
      `/control/deliveries/${encodeURIComponent(deliveryId)}/redeliver?wait=true`,
      { count },
    );
  }

  /** Registers attachment bytes; agent messages refer to them by `downloadId`. */
  registerDownload(mime: string, bytes: Buffer, filename?: string): Promise<{ id: string; url: string }> {
    return controlCall(this.baseUrl, 'POST', '/control/downloads', {
      mime,
      dataBase64: bytes.toString('base64'),
      ...(filename !== undefined && { filename }),
    });
  }

  /** Receipts the platform sent about this Genesys message id. */
  async receiptsFor(genesysMessageId: string): Promise<GenesysInboundRecord[]> {
    const records = await this.inbound({ kind: 'receipt' });
    return records.filter((record) => record.body['id'] === genesysMessageId);
  }

  conversations(integrationId: string, customerId: string): Promise<unknown> {
    return controlCall(
      this.baseUrl,
      'GET',
      `/control/conversations?integrationId=${encodeURIComponent(integrationId)}&customerId=${encodeURIComponent(customerId)}`,
    );
  }
}

/** A webhook delivery the Genesys simulator made (GET /control/deliveries). */
export interface GenesysWebhookDelivery {
  readonly id: string;
  readonly integrationId: string;
  readonly messageId?: string;
  readonly status: string;
  readonly attempts: Array<{ readonly statusCode?: number }>;
}

/** Answer of the Genesys simulator's outbound controls. */
export interface GenesysOutboundSend {
  /** The Genesys message id of the webhook (the `id` receipts refer to). */
  readonly messageId?: string;
  readonly payload: Record<string, unknown>;
  readonly delivery: GenesysWebhookDelivery;
}

/** One request the WhatsApp simulator accepted on `/{phone-number-id}/messages` (GET /control/sends). */
export interface WhatsAppRecordedSend {
  readonly sequence: number;
  readonly kind: 'message' | 'mark_read' | 'typing_indicator';
  readonly phoneNumberId: string;
  readonly to?: string;
  readonly waId?: string;
  readonly type?: string;
  readonly wamid: string;
  readonly payload: Record<string, unknown>;
  readonly receivedAt: string;
}

export interface WhatsAppDelivery {
  readonly delivery: { readonly id: string; readonly state?: string; readonly attempts?: unknown[] };
  readonly payload: { readonly entry: Array<{ changes: Array<{ value: Record<string, unknown> }> }> };
}

export class WhatsAppSimulatorControl {
  constructor(readonly baseUrl: string) {}

  /** Delivers user messages to the platform's webhook as Meta would (one signed POST). */
  deliverInbound(body: Record<string, unknown>): Promise<WhatsAppDelivery> {
    return controlCall(this.baseUrl, 'POST', '/control/webhooks/inbound', { waitFor: 'final', ...body });
  }

  deliverStatuses(body: Record<string, unknown>): Promise<WhatsAppDelivery> {
    return controlCall(this.baseUrl, 'POST', '/control/webhooks/statuses', { waitFor: 'final', ...body });
  }

  deliverRaw(body: Record<string, unknown>): Promise<WhatsAppDelivery> {
    return controlCall(this.baseUrl, 'POST', '/control/webhooks/raw', { waitFor: 'final', ...body });
  }

  redeliver(
    deliveryId: string,
    count: number,
  ): Promise<{ deliveries: Array<{ id: string; state: string }> }> {
    return controlCall(
      this.baseUrl,
      'POST',
      `/control/deliveries/${encodeURIComponent(deliveryId)}/redeliver`,
      {
        count,
        waitFor: 'final',
      },
    );
  }

  delivery(deliveryId: string): Promise<Record<string, unknown>> {
    return controlCall(this.baseUrl, 'GET', `/control/deliveries/${encodeURIComponent(deliveryId)}`);
  }

  media(): Promise<unknown> {
    return controlCall(this.baseUrl, 'GET', '/control/media');
  }

  /** Accepted sends, oldest first (filters: phoneNumberId, to, kind, type, afterSequence, limit). */
  async sends(filter: Record<string, string> = {}): Promise<WhatsAppRecordedSend[]> {
    const search = new URLSearchParams(filter).toString();
    const answer = await controlCall<{ items?: WhatsAppRecordedSend[] } | WhatsAppRecordedSend[]>(
      this.baseUrl,
      'GET',
      `/control/sends${search ? `?${search}` : ''}`,
    );
    return Array.isArray(answer) ? answer : (answer.items ?? []);
  }

  /** A Graph fault (errorCode/httpStatus, phoneNumberId, endpoint, count, durationMs, ...). */
  addFault(rule: Record<string, unknown>): Promise<{ id: string }> {
    return controlCall(this.baseUrl, 'POST', '/control/faults', rule);
  }

  clearFaults(): Promise<unknown> {
    return controlCall(this.baseUrl, 'POST', '/control/faults/clear');
  }

  /** Statuses sent automatically after each accepted send (sequence, delayMs). */
  setAutoStatus(settings: Record<string, unknown>): Promise<unknown> {
    return controlCall(this.baseUrl, 'PUT', '/control/auto-status', settings);
  }
}

/** The wamids of the messages a delivery carried, in order. */
export function deliveredMessageIds(delivery: WhatsAppDelivery): string[] {
  return delivery.payload.entry.flatMap((entry) =>
    entry.changes.flatMap((change) =>
      ((change.value['messages'] ?? []) as Array<{ id: string }>).map((m) => m.id),
    ),
  );
}
