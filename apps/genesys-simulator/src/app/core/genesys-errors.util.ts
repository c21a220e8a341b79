import { HttpException, HttpStatus } from '@nestjs/common';
import { newEntityId } from './ids.util';

export interface GenesysErrorDetail {
  readonly fieldName?: string;
  readonly errorMessage: string;
}

/** The error body of the Genesys Cloud Platform API (samples/genesys-error-429.json). */
export interface GenesysErrorBody {
  readonly message: string;
  readonly code: string;
  readonly status: number;
  readonly contextId: string;
  readonly details: readonly GenesysErrorDetail[];
  readonly errors: readonly unknown[];
}

export function genesysErrorBody(
  status: number,
  code: string,
  message: string,
  details: readonly GenesysErrorDetail[] = [],
): GenesysErrorBody {
  return { message, code, status, contextId: newEntityId(), details, errors: [] };
}

const CODES_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'bad.request',
  401: 'authentication.required',
  403: 'missing.permissions',
  404: 'not.found',
  405: 'method.not.allowed',
  409: 'conflict',
  413: 'request.entity.too.large',
  415: 'unsupported.media.type',
  429: 'too.many.requests.retry.after',
  500: 'internal.server.error',
  502: 'bad.gateway',
  503: 'service.unavailable',
  504: 'gateway.timeout',
};

export function genesysCodeForStatus(status: number): string {
  return CODES_BY_STATUS[status] ?? (status >= 500 ? 'internal.server.error' : 'bad.request');
}

/** An error answered with a Genesys-shaped body. */
export class GenesysApiException extends HttpException {
  constructor(status: number, code: string, message: string, details: readonly GenesysErrorDetail[] = []) {
    super(genesysErrorBody(status, code, message, details), status);
  }
}

export function badRequest(
  message: string,
  details: readonly GenesysErrorDetail[] = [],
): GenesysApiException {
  return new GenesysApiException(HttpStatus.BAD_REQUEST, 'bad.request', message, details);
}

export function notFound(message: string): GenesysApiException {
  return new GenesysApiException(HttpStatus.NOT_FOUND, 'not.found', message);
}

export function rateLimitedBody(retryAfterSeconds: number): GenesysErrorBody {
  return genesysErrorBody(
    HttpStatus.TOO_MANY_REQUESTS,
    'too.many.requests.retry.after',
    `Rate limit exceeded the maximum. Retry the request in [${retryAfterSeconds}] seconds`,
  );
}

export function serverErrorBody(status: number): GenesysErrorBody {
  return genesysErrorBody(
    status,
    genesysCodeForStatus(status),
    'The service is currently unavailable (simulated).',
  );
}
