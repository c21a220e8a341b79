/** Which of Genesys's two hosts a request addresses: the login host or the API host. */
export type SimulatedHost = 'login' | 'api';

export interface SimulatedRoute {
  readonly host: SimulatedHost;
  /** The route template, e.g. `POST /api/v2/conversations/messages/{integrationId}/inbound/open/message`. */
  readonly route: string;
  readonly integrationId?: string;
}

interface RoutePattern {
  readonly host: SimulatedHost;
  readonly pattern: RegExp;
  readonly template: (match: RegExpExecArray) => string;
}

const MESSAGES = '/api/v2/conversations/messages';
const INTEGRATIONS = '/api/v2/conversations/messaging/integrations/open';

const ROUTES: readonly RoutePattern[] = [
  { host: 'login', pattern: /^\/oauth\/token$/, template: () => '/oauth/token' },
  {
    host: 'api',
    pattern:
      /^\/api\/v2\/conversations\/messages\/([^/]+)\/inbound\/open\/(message|receipt|event|structured\/response)$/,
    template: (match) => `${MESSAGES}/{integrationId}/inbound/open/${match[2]}`,
  },
  {
    host: 'api',
    pattern: /^\/api\/v2\/conversations\/messages\/inbound\/open$/,
    template: () => `${MESSAGES}/inbound/open`,
  },
  {
    host: 'api',
    pattern: /^\/api\/v2\/conversations\/messaging\/integrations\/open(?:\/([^/]+))?$/,
    template: (match) => (match[1] ? `${INTEGRATIONS}/{integrationId}` : INTEGRATIONS),
  },
  { host: 'api', pattern: /^\/api\/v2\/downloads\/[^/]+$/, template: () => '/api/v2/downloads/{downloadId}' },
];

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function legacyIntegrationId(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const channel = (body as { channel?: { to?: { id?: unknown } } }).channel;
  const id = channel?.to?.id;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Names the simulated Genesys route of a request, with the integration it concerns (from the
 * path, or from `channel.to.id` on the legacy inbound endpoint). `undefined` for other paths.
 */
export function classifyRequest(
  method: string,
  originalUrl: string,
  body: unknown,
): SimulatedRoute | undefined {
  const path = originalUrl.split('?')[0] ?? '';
  for (const candidate of ROUTES) {
    const match = candidate.pattern.exec(path);
    if (!match) continue;
    const isLegacy = candidate.template(match) === `${MESSAGES}/inbound/open`;
    const integrationId = isLegacy ? legacyIntegrationId(body) : match[1];
    const route = `${method.toUpperCase()} ${candidate.template(match)}`;
    return integrationId === undefined
      ? { host: candidate.host, route }
      : { host: candidate.host, route, integrationId: safeDecode(integrationId) };
  }
  return undefined;
}
