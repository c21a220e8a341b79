import {
  BadGatewayException,
  GatewayTimeoutException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { ServiceTokenClient } from '@switchboard/backend-util-auth';
import { API_GATEWAY_CONFIG } from '../config/api-gateway.config';
import type { ApiGatewayConfig, ConfiguredUpstream } from '../config/api-gateway.config';
import { API_PREFIX, DOCS_SEGMENT, GATEWAY_SERVICE_NAME } from '../routing/upstream-routes.constants';
import { gatewayOpenApiDocument } from './gateway-openapi.document';

/** Where each service's own document is served to the gateway (service token, audience = service). */
export const UPSTREAM_OPENAPI_PATH = '/internal/openapi.json';

export interface DocumentEntry {
  readonly name: string;
  readonly url: string;
}

type PathItems = OpenAPIObject['paths'];

/**
 * The services' OpenAPI documents, served together. Each document is fetched from its service
 * with a service token and rewritten to the gateway's view: paths become `/api/<route>/...`, and
 * paths the gateway does not expose (internal ones, anything outside a route) are dropped.
 */
@Injectable()
export class ApiDocumentsService {
  private readonly logger = new Logger(ApiDocumentsService.name);
  private readonly services: ReadonlyMap<string, readonly ConfiguredUpstream[]>;

  constructor(
    @Inject(API_GATEWAY_CONFIG) private readonly config: ApiGatewayConfig,
    private readonly serviceTokens: ServiceTokenClient,
  ) {
    const byService = new Map<string, ConfiguredUpstream[]>();
    for (const upstream of config.UPSTREAMS) {
      byService.set(upstream.service, [...(byService.get(upstream.service) ?? []), upstream]);
    }
    this.services = byService;
  }

  /** One entry per service (the gateway first), as Swagger UI's `urls`. */
  entries(): DocumentEntry[] {
    return [GATEWAY_SERVICE_NAME, ...this.services.keys()].map((name) => ({
      name,
      url: `${API_PREFIX}/${DOCS_SEGMENT}/${name}.json`,
    }));
  }

  async document(name: string): Promise<OpenAPIObject> {
    if (name === GATEWAY_SERVICE_NAME) return gatewayOpenApiDocument(this.config.UPSTREAMS);
    const routes = this.services.get(name);
    if (!routes) throw new NotFoundException(`no documentation for "${name.slice(0, 64)}"`);
    const document = await this.fetchDocument(name, routes[0].baseUrl, true);
    return { ...document, servers: [{ url: '/' }], paths: rewritePaths(document.paths ?? {}, routes) };
  }

  private async fetchDocument(
    service: string,
    baseUrl: URL,
    retryOnRefusedToken: boolean,
  ): Promise<OpenAPIObject> {
    let response: Response;
    try {
      response = await fetch(new URL(UPSTREAM_OPENAPI_PATH, baseUrl), {
        headers: { ...(await this.serviceTokens.headers(service)), accept: 'application/json' },
        signal: AbortSignal.timeout(this.config.UPSTREAM_TIMEOUT_MS),
      });
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'TimeoutError') {
        throw new GatewayTimeoutException(
          `${service} did not send its document within ${this.config.UPSTREAM_TIMEOUT_MS} ms`,
        );
      }
      this.logger.warn({ msg: 'documentation fetch failed', upstream: service, reason: String(error) });
      throw new ServiceUnavailableException(`${service} is unavailable`);
    }
    if (response.status === 401 && retryOnRefusedToken) {
      await response.body?.cancel();
      this.serviceTokens.invalidate(service);
      return this.fetchDocument(service, baseUrl, false);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new BadGatewayException(`${service} answered ${response.status} for its document`);
    }
    const document = (await response.json().catch(() => undefined)) as OpenAPIObject | undefined;
    if (!document || typeof document !== 'object' || typeof document.paths !== 'object') {
      throw new BadGatewayException(`${service} sent no OpenAPI document`);
    }
    return document;
  }
}

/** The service's paths as the gateway exposes them; everything else is left out. */
export function rewritePaths(paths: PathItems, routes: readonly ConfiguredUpstream[]): PathItems {
  const rewritten: PathItems = {};
  for (const [path, item] of Object.entries(paths)) {
    const route = routes.find(
      (candidate) => path === candidate.pathPrefix || path.startsWith(`${candidate.pathPrefix}/`),
    );
    if (!route) continue;
    const rest = path.slice(route.pathPrefix.length);
    if (/^\/internal(\/|$)/i.test(rest)) continue;
    rewritten[`${API_PREFIX}/${route.route}${rest}`] = item;
  }
  return rewritten;
}
