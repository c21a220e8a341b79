import type { INestApplication } from '@nestjs/common';
import helmet from 'helmet';
import type { ApiGatewayConfig } from '../config/api-gateway.config';
import { continueOnlyWithinLimit, drainUnreadBodies } from './unread-body.middleware';

/** For API responses (JSON, files): nothing may load, frame or submit anything. */
export const API_CSP_DIRECTIVES = {
  defaultSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
};

/** Headers the browser apps may read from a cross-origin answer. */
const EXPOSED_HEADERS = ['x-correlation-id', 'retry-after', 'content-disposition', 'location'];

/**
 * Security headers on every answer (HSTS, no-sniff, no framing, no referrer, a strict CSP) and
 * CORS for the configured origins only: credentials allowed, preflights answered here, any
 * other origin gets no CORS headers at all. Both run before routing, so they also cover errors.
 * Request bodies left unread by an early answer are drained within bounds, and an oversized
 * body announced with `Expect: 100-continue` is never invited.
 */
export function applyEdgeSecurity(
  app: INestApplication,
  config: Pick<ApiGatewayConfig, 'CORS_ALLOWED_ORIGINS' | 'MAX_REQUEST_BYTES'>,
): void {
  continueOnlyWithinLimit(app.getHttpServer(), config.MAX_REQUEST_BYTES);
  app.use(drainUnreadBodies(config.MAX_REQUEST_BYTES));
  app.use(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: API_CSP_DIRECTIVES },
      strictTransportSecurity: { maxAge: 365 * 24 * 3600, includeSubDomains: true },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      xContentTypeOptions: true,
      crossOriginResourcePolicy: { policy: 'same-origin' },
    }),
  );
  const allowed = new Set(config.CORS_ALLOWED_ORIGINS);
  app.enableCors({
    origin: (origin: string | undefined, callback: (error: Error | null, allow?: boolean) => void) =>
      callback(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
    optionsSuccessStatus: 204,
  });
}
