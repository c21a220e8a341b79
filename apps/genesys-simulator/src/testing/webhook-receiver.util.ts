import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: Buffer;
  readonly receivedAt: number;
}

/** How the receiver answers a request: a status (and body), or never (to provoke a timeout). */
export type WebhookAnswer = { readonly status: number; readonly body?: string } | 'hang';
export type WebhookResponder = (received: ReceivedWebhook, index: number) => WebhookAnswer;

/** A webhook endpoint on 127.0.0.1:0 that records the exact bytes and headers it receives. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly hanging = new Set<ServerResponse>();
  private waiters: (() => void)[] = [];

  private constructor(
    private readonly server: Server,
    private responder: WebhookResponder,
  ) {}

  static async start(responder: WebhookResponder = () => ({ status: 200 })): Promise<WebhookReceiver> {
    const server = createServer();
    const receiver = new WebhookReceiver(server, responder);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => receiver.handle(request, Buffer.concat(chunks), response));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  url(path = '/webhooks/genesys'): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}${path}`;
  }

  respondWith(responder: WebhookResponder): void {
    this.responder = responder;
  }

  async waitFor(count: number, timeoutMs = 5_000): Promise<ReceivedWebhook[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline)
        throw new Error(`expected ${count} webhooks, received ${this.received.length}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return this.received.slice(0, count);
  }

  async close(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: IncomingMessage, rawBody: Buffer, response: ServerResponse): void {
    const received: ReceivedWebhook = {
      method: request.method ?? '',
      path: request.url ?? '',
      headers: request.headers,
      rawBody,
      receivedAt: Date.now(),
    };
    this.received.push(received);
    const answer = this.responder(received, this.received.length - 1);
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
    if (answer === 'hang') {
      this.hanging.add(response);
      return;
    }
    response.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(answer.body ?? '{}');
  }
}
