import { Logger, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ErrorRequestHandler, Request } from 'express';

/** What the body parser refuses: too large (413), an unknown encoding (415), a broken stream (400). */
export type RefusedBodyOutcome = 'too_large' | 'unreadable_body';

export interface RawBodiesOptions {
  readonly maxBodyBytes: number;
  /** Told of every refusal (for metrics), with the request it refused. */
  readonly onRefused?: (outcome: RefusedBodyOutcome, request: Request) => void;
}

interface ClientHttpError {
  readonly status: number;
  readonly type?: unknown;
  readonly message: string;
}

function isClientHttpError(error: unknown): error is ClientHttpError {
  const candidate = error as Partial<ClientHttpError & { expose: unknown }> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.status === 'number' &&
    candidate.status >= 400 &&
    candidate.status < 500 &&
    candidate.expose === true
  );
}

/**
 * For webhook services (start them with `rawBody: true`): every body is read as bytes, whatever
 * its Content-Type, up to `maxBodyBytes`, and kept on `req.rawBody`, so that a signature is
 * checked on exactly those bytes before any JSON parsing (Nest's JSON parser, registered later,
 * finds the body already read). The parser's refusals are answered with a short JSON reason and
 * a warning instead of Nest's error log with a stack trace.
 */
export function acceptRawBodies(nestApp: INestApplication, options: RawBodiesOptions): void {
  const app = nestApp as NestExpressApplication;
  app.useBodyParser('raw', { type: () => true, limit: options.maxBodyBytes });
  app.use(bodyParserErrorHandler(options));
}

function bodyParserErrorHandler({ maxBodyBytes, onRefused }: RawBodiesOptions): ErrorRequestHandler {
  const logger = new Logger('WebhookBody');
  return (error: unknown, request, response, next) => {
    if (!isClientHttpError(error)) {
      next(error);
      return;
    }
    const tooLarge = error.type === 'entity.too.large';
    const message = tooLarge ? `the body exceeds ${maxBodyBytes} bytes` : error.message;
    onRefused?.(tooLarge ? 'too_large' : 'unreadable_body', request);
    logger.warn(`${request.method} ${request.path} refused (${error.status}): ${message}`);
    response.status(error.status).json({ statusCode: error.status, message });
  };
}
