import type { Channel, ChannelModel } from 'amqplib';
import amqp, { type AmqpConnectionManager, type ChannelWrapper } from 'amqp-connection-manager';
import { CONSOLE_MESSAGING_LOGGER, type MessagingLogger } from './messaging.logger';

export interface MessagingConnectionOptions {
  /** `amqp://user:password@host:5672/vhost` */
  readonly url: string;
  /** Shown by the broker (`rabbitmqctl list_connections client_properties`): use the service name. */
  readonly connectionName: string;
  readonly heartbeatIntervalSeconds?: number;
  readonly reconnectDelaySeconds?: number;
  readonly logger?: MessagingLogger;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export interface ManagedChannelOptions {
  readonly name: string;
  /** Publisher confirms on this channel. */
  readonly confirm: boolean;
  /** Runs on every new underlying channel (first connect and each reconnect). */
  readonly setup?: (channel: Channel) => Promise<void>;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/**
 * One reconnecting AMQP connection per service (amqp-connection-manager), with the helpers the
 * publisher, consumers and dead-letter tools share.
 */
export class MessagingConnection {
  readonly manager: AmqpConnectionManager;
  private readonly logger: MessagingLogger;
  private readonly reconnectDelayMs: number;
  private closed = false;
  private lastForcedReconnect = Number.NEGATIVE_INFINITY;
  private pendingReconnect: NodeJS.Timeout | undefined;

  constructor(options: MessagingConnectionOptions) {
    this.logger = options.logger ?? CONSOLE_MESSAGING_LOGGER;
    const heartbeat = options.heartbeatIntervalSeconds ?? 5;
    const reconnectDelaySeconds = options.reconnectDelaySeconds ?? heartbeat;
    this.reconnectDelayMs = reconnectDelaySeconds * 1000;
    this.manager = amqp.connect([options.url], {
      heartbeatIntervalInSeconds: heartbeat,
      reconnectTimeInSeconds: reconnectDelaySeconds,
      connectionOptions: { clientProperties: { connection_name: options.connectionName } },
    });
    const where = redact(options.url);
    this.manager.on('connect', () => this.logger.log(`connected to ${where}`));
    this.manager.on('disconnect', ({ err }) =>
      this.logger.warn(`disconnected from ${where}: ${err?.message}`),
    );
    this.manager.on('connectFailed', ({ err }) =>
      this.logger.warn(`cannot connect to ${where}: ${err?.message}`),
    );
    this.manager.on('blocked', ({ reason }) => this.logger.warn(`broker blocked publishing: ${reason}`));
    this.manager.on('unblocked', () => this.logger.log('broker unblocked publishing'));
  }

  /** For readiness probes. */
  isConnected(): boolean {
    return !this.closed && this.manager.isConnected();
  }

  async waitUntilConnected(timeoutMs = DEFAULT_CONNECT_TIMEOUT_MS): Promise<ChannelModel> {
    const current = this.manager.connection;
    if (current && this.manager.isConnected()) return current;
    if (this.closed) throw new Error('messaging connection is closed');
    let timer: NodeJS.Timeout | undefined;
    let onConnect: (() => void) | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        onConnect = resolve;
        this.manager.once('connect', onConnect);
        timer = setTimeout(
          () => reject(new Error(`not connected to RabbitMQ within ${timeoutMs} ms`)),
          timeoutMs,
        );
      });
    } finally {
      clearTimeout(timer);
      if (onConnect) this.manager.removeListener('connect', onConnect);
    }
    const connection = this.manager.connection;
    if (!connection) throw new Error('RabbitMQ connection dropped right after connecting');
    return connection;
  }

  /**
   * A channel that comes back after reconnects. amqp-connection-manager does not replace a
   * channel the broker closed with an error while the connection stays up, which would leave
   * it silently dead; such errors are bugs (unknown exchange, double ack), so we log and force a
   * reconnect, which recreates every channel.
   */
  createChannel(options: ManagedChannelOptions): ChannelWrapper {
    const wrapper = this.manager.createChannel({
      name: options.name,
      confirm: options.confirm,
      json: false,
      setup: async (channel: Channel) => {
        channel.on('error', (error: Error) => this.onChannelError(options.name, error));
        await options.setup?.(channel);
      },
    });
    wrapper.on('error', (error: Error) =>
      this.logger.error(`channel ${options.name} setup failed: ${error.message}`),
    );
    return wrapper;
  }

  /** Runs `work` on a short-lived plain channel; a channel error rejects instead of crashing. */
  async withChannel<T>(work: (channel: Channel) => Promise<T>, timeoutMs?: number): Promise<T> {
    const connection = await this.waitUntilConnected(timeoutMs);
    const channel = await connection.createChannel();
    // A channel error also rejects the operation that caused it; this only keeps it from crashing.
    channel.on('error', () => undefined);
    try {
      return await work(channel);
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.pendingReconnect);
    await this.manager.close();
  }

  private onChannelError(name: string, error: Error): void {
    if (this.closed) return;
    this.logger.error(`channel ${name} closed by the broker (${error.message}); reconnecting`);
    if (this.pendingReconnect) return;
    // At most one forced reconnect per reconnect delay, in case the error repeats on every channel.
    const wait = Math.max(0, this.lastForcedReconnect + this.reconnectDelayMs - Date.now());
    this.pendingReconnect = setTimeout(() => {
      this.pendingReconnect = undefined;
      if (this.closed) return;
      this.lastForcedReconnect = Date.now();
      this.manager.reconnect();
    }, wait);
  }
}
