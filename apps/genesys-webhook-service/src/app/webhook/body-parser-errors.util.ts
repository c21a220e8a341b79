import { Logger } from '@nestjs/common';
import type { ErrorRequestHandler, Request } from 'express';

/** What the body parser refuses: too large (413), an unknown encoding (415), a broken stream (400). */
export type RefusedBodyOutcome = 'too_large' | 'unreadable_body';

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
 * Answers the body parser's refusals (before any route runs) with a short JSON reason and a
 * warning, instead of Nest's error log with a stack trace; everything else goes on.
 */
export function bodyParserErrorHandler(
  maxBodyBytes: number,
  onRefused: (outcome: RefusedBodyOutcome, request: Request) => void,
): ErrorRequestHandler {
  const logger = new Logger('WebhookBody');
  return (error: unknown, request, response, next) => {
    if (!isClientHttpError(error)) {
      next(error);
      return;
    }
    const tooLarge = error.type === 'entity.too.large';
    const message = tooLarge ? `the body exceeds ${maxBodyBytes} bytes` : error.message;
    onRefused(tooLarge ? 'too_large' : 'unreadable_body', request);
    logger.warn(`${request.method} ${request.path} refused (${error.status}): ${message}`);
    response.status(error.status).json({ statusCode: error.status, message });
  };
}
