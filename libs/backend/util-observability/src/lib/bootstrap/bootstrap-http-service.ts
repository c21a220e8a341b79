import { DynamicModule, INestApplication, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import pino from 'pino';
import { pinoOptions } from '../logging/logger-options';

export interface HttpServiceOptions {
  readonly rootModule: Type<unknown> | DynamicModule;
  readonly port: number;
  /** Interface to listen on; loopback unless the deployment says otherwise (HOST). */
  readonly host?: string;
  /** Keep the raw request bytes on `req.rawBody` (signature checks need them). */
  readonly rawBody?: boolean;
  /** Parse JSON/form bodies (default true); a proxy that streams bodies untouched turns it off. */
  readonly bodyParser?: boolean;
  readonly configure?: (app: INestApplication) => void | Promise<void>;
}

/** Creates, configures and starts a NestJS HTTP service with the platform's defaults. */
export async function createHttpService(options: HttpServiceOptions): Promise<INestApplication> {
  const app = await NestFactory.create(options.rootModule, {
    bufferLogs: true,
    rawBody: options.rawBody ?? false,
    bodyParser: options.bodyParser ?? true,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  const httpAdapter = app.getHttpAdapter().getInstance() as { disable?: (setting: string) => void };
  httpAdapter.disable?.('x-powered-by');
  await options.configure?.(app);
  return app;
}

/**
 * Starts a service and logs where it listens. `define` loads the configuration and returns the
 * root module: a start-up failure there or later (invalid configuration, a dependency that
 * refuses) is logged as one JSON line naming the problem, then the process exits 1.
 */
export async function bootstrapHttpService(
  serviceName: string,
  define: () => HttpServiceOptions,
): Promise<INestApplication | undefined> {
  try {
    const options = define();
    const app = await createHttpService(options);
    const host = options.host ?? process.env['HOST'] ?? '127.0.0.1';
    await app.listen(options.port, host);
    app.get(Logger).log(`${serviceName} listening on http://${host}:${options.port}`);
    return app;
  } catch (error) {
    reportStartupFailure(serviceName, error);
    process.exitCode = 1;
    setImmediate(() => process.exit(1));
    return undefined;
  }
}

export function reportStartupFailure(serviceName: string, error: unknown): void {
  pino(pinoOptions({ serviceName })).fatal({ err: error }, `${serviceName} failed to start`);
}
