import {
  Module,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type OptionalFactoryDependency,
  type Provider,
} from '@nestjs/common';
import { ReadinessRegistry } from '@switchboard/backend-util-observability';
import { ConfirmedPublisher } from './confirmed.publisher';
import type { ConsumerObserver } from './consumer.observer';
import { ConsumerRegistry } from './consumer.registry';
import { DeadLetterService } from './dead-letter.service';
import { MessagePublisher } from './message.publisher';
import { MessagingConnection, type MessagingConnectionOptions } from './messaging.connection';
import { prometheusConsumerObserver, registerQueueDepthGauge } from './messaging.metrics';
import { declareMessagingTopology } from './messaging.topology';

export interface MessagingModuleOptions extends MessagingConnectionOptions {
  /** Confirmation timeout of a publish (default 5 s). */
  readonly publishTimeoutMs?: number;
  /** Publishes awaiting confirmation before new ones are refused (default 10 000). */
  readonly maxPendingPublishes?: number;
  /** Declare the whole topology at start (default true). */
  readonly declareTopology?: boolean;
  /** How long start-up waits for the broker (default 10 s). */
  readonly connectTimeoutMs?: number;
  /** Consumer hooks; Prometheus queue metrics unless given. */
  readonly observer?: ConsumerObserver;
}

export interface MessagingModuleAsyncOptions {
  readonly imports?: ModuleMetadata['imports'];
  readonly inject?: Array<InjectionToken | OptionalFactoryDependency>;
  readonly useFactory: (...args: never[]) => MessagingModuleOptions | Promise<MessagingModuleOptions>;
}

export const MESSAGING_MODULE_OPTIONS = Symbol('MESSAGING_MODULE_OPTIONS');

/**
 * Start and shutdown in the right order: topology before anyone consumes; at shutdown stop
 * consuming and drain the handlers, then close the publisher, then the connection.
 */
export class MessagingLifecycle {
  constructor(
    private readonly options: MessagingModuleOptions,
    private readonly connection: MessagingConnection,
    private readonly publisher: ConfirmedPublisher,
    private readonly consumers: ConsumerRegistry,
    private readonly readiness?: ReadinessRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    this.readiness?.register('rabbitmq', async () => this.connection.isConnected());
    registerQueueDepthGauge(this.connection);
    if (this.options.declareTopology === false) return;
    try {
      await this.connection.withChannel(
        (channel) => declareMessagingTopology(channel),
        this.options.connectTimeoutMs,
      );
    } catch (error) {
      // Nest runs no shutdown hook after a failed start: do not leave a connection retrying.
      await this.publisher.close();
      await this.connection.close();
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumers.stopAll();
    await this.publisher.close();
    await this.connection.close();
  }
}

const PROVIDERS: Provider[] = [
  {
    provide: MessagingConnection,
    inject: [MESSAGING_MODULE_OPTIONS],
    useFactory: (options: MessagingModuleOptions) => new MessagingConnection(options),
  },
  {
    provide: ConfirmedPublisher,
    inject: [MESSAGING_MODULE_OPTIONS, MessagingConnection],
    useFactory: (options: MessagingModuleOptions, connection: MessagingConnection) =>
      new ConfirmedPublisher(connection, {
        timeoutMs: options.publishTimeoutMs,
        maxPending: options.maxPendingPublishes,
      }),
  },
  {
    provide: MessagePublisher,
    inject: [ConfirmedPublisher],
    useFactory: (confirmed: ConfirmedPublisher) => new MessagePublisher(confirmed),
  },
  {
    provide: DeadLetterService,
    inject: [MessagingConnection, ConfirmedPublisher],
    useFactory: (connection: MessagingConnection, confirmed: ConfirmedPublisher) =>
      new DeadLetterService(connection, confirmed),
  },
  {
    provide: ConsumerRegistry,
    inject: [MESSAGING_MODULE_OPTIONS, MessagingConnection, ConfirmedPublisher],
    useFactory: (
      options: MessagingModuleOptions,
      connection: MessagingConnection,
      confirmed: ConfirmedPublisher,
    ) =>
      new ConsumerRegistry(
        connection,
        confirmed,
        options.logger,
        options.observer ?? prometheusConsumerObserver(),
      ),
  },
  {
    provide: MessagingLifecycle,
    inject: [
      MESSAGING_MODULE_OPTIONS,
      MessagingConnection,
      ConfirmedPublisher,
      ConsumerRegistry,
      { token: ReadinessRegistry, optional: true },
    ],
    useFactory: (
      options: MessagingModuleOptions,
      connection: MessagingConnection,
      confirmed: ConfirmedPublisher,
      consumers: ConsumerRegistry,
      readiness: ReadinessRegistry | undefined,
    ) => new MessagingLifecycle(options, connection, confirmed, consumers, readiness),
  },
];

const EXPORTS = [
  MessagingConnection,
  ConfirmedPublisher,
  MessagePublisher,
  DeadLetterService,
  ConsumerRegistry,
];

/** Nest glue over the messaging core: one connection, publisher, consumer registry and DLQ tools per app. */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [{ provide: MESSAGING_MODULE_OPTIONS, useValue: options }, ...PROVIDERS],
      exports: EXPORTS,
    };
  }

  static forRootAsync(options: MessagingModuleAsyncOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        { provide: MESSAGING_MODULE_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        ...PROVIDERS,
      ],
      exports: EXPORTS,
    };
  }
}
