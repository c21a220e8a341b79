import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { LoggerOptions } from 'pino';
import { currentContext } from '../context/request-context';
import { REDACTED, isSensitiveKey, redactDeep, redactText, redactUrl } from './redaction';

export interface LoggingOptions {
  readonly serviceName: string;
  readonly level?: string;
  /** Where log lines go; stdout unless a test captures them. */
  readonly destination?: NodeJS.WritableStream;
}

// pino-http's req and res are reduced to safe fields by the serializers below; copying the
// whole IncomingMessage through redactDeep on every request would be wasted work.
const SERIALIZED_KEYS = new Set(['req', 'res']);

function redactLogObject(object: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (SERIALIZED_KEYS.has(key)) copy[key] = value;
    else copy[key] = isSensitiveKey(key) ? REDACTED : redactDeep(value, 1);
  }
  return copy;
}

const QUIET_PATHS = ['/health/live', '/health/ready', '/metrics'];

/** pino options shared by HTTP and non-HTTP logging: service name, context and redaction on every line. */
export function pinoOptions(options: LoggingOptions): LoggerOptions {
  return {
    level: options.level ?? process.env['LOG_LEVEL'] ?? 'info',
    base: { service: options.serviceName },
    messageKey: 'msg',
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    mixin: () => {
      const context = currentContext();
      return context ? { correlationId: context.correlationId, tenantId: context.tenantId } : {};
    },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((arg: unknown) => (typeof arg === 'string' ? redactText(arg) : arg));
        method.apply(this, masked as Parameters<typeof method>);
      },
    },
    formatters: {
      level: (label) => ({ level: label }),
      log: redactLogObject,
    },
    serializers: {
      req: (req: IncomingMessage & { id?: unknown }) => ({
        id: req.id,
        method: req.method,
        url: req.url && redactUrl(req.url),
      }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
  };
}

/** nestjs-pino module parameters for an HTTP service. */
export function nestLoggerParams(options: LoggingOptions): Params {
  return {
    pinoHttp: [
      {
        ...pinoOptions(options),
        genReqId: (req) => String(req.headers['x-correlation-id'] ?? ''),
        autoLogging: { ignore: (req) => QUIET_PATHS.includes((req.url ?? '').split('?')[0]) },
        customLogLevel: (_req, res, error) =>
          error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      },
      options.destination ?? process.stdout,
    ],
  };
}
