import { IncomingHttpHeaders, Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** The exact bytes received. */
  readonly body: Buffer;
}

export interface ReceiverAnswer {
  readonly status: number;
  readonly body?: string;
}

/** Decides the answer to the n-th request (0-based). */
export type Responder = (request: ReceivedRequest, index: number) => ReceiverAnswer | number;

/** A local HTTP server on 127.0.0.1:0 standing in for our platform's webhook endpoint. */
export class WebhookReceiver {
  readonly received: ReceivedRequest[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];

  private constructor(
    private readonly server: Server,
    public responder: Responder,
  ) {}

  static async start(responder: Responder = () => 200): Promise<WebhookReceiver> {
    const server = createServer();
    const receiver = new WebhookReceiver(server, responder);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const request: ReceivedRequest = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks),
        };
        const answer = receiver.responder(request, receiver.received.length);
        receiver.received.push(request);
        const { status, body } = typeof answer === 'number' ? { status: answer, body: '' } : answer;
        res.writeHead(status, { 'content-type': 'text/plain' }).end(body ?? '');
        receiver.notify();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/webhooks/whatsapp`;
  }

  /** POST bodies received, parsed as JSON. */
  json<T = Record<string, unknown>>(): T[] {
    return this.received
      .filter((r) => r.method === 'POST')
      .map((r) => JSON.parse(r.body.toString('utf8')) as T);
  }

  /** Resolves once `count` requests have arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs = 3000): Promise<ReceivedRequest[]> {
    if (this.received.length >= count) return Promise.resolve(this.received.slice());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`expected ${count} requests, got ${this.received.length} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve(this.received.slice());
        },
      });
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private notify(): void {
    const ready = this.waiters.filter((waiter) => this.received.length >= waiter.count);
    this.waiters = this.waiters.filter((waiter) => this.received.length < waiter.count);
    for (const waiter of ready) waiter.resolve();
  }
}
