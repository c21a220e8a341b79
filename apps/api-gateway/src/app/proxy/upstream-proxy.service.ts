import {
  BadGatewayException,
  GatewayTimeoutException,
  type HttpException,
  Inject,
  Injectable,
  Logger,
  OnApplicationShutdown,
  PayloadTooLargeException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { contextHttpHeaders } from '@switchboard/backend-util-observability';
import type { Request, Response } from 'express';
import http from 'node:http';
import https from 'node:https';
import { API_GATEWAY_CONFIG } from '../config/api-gateway.config';
import type { ApiGatewayConfig, ConfiguredUpstream } from '../config/api-gateway.config';
import { GatewayMetrics, type UpstreamOutcome } from '../metrics/gateway-metrics.service';
import { UpstreamBreakers } from '../resilience/upstream-breakers.service';
import {
  CircuitOpenError,
  UpstreamFailure,
  classifyConnectionError,
} from '../resilience/upstream-failure.error';
import { BodySizeLimit, BodyTooLargeError, declaredLength } from './body-size-limit.util';
import { clientConnection, clientResponseHeaders, upstreamRequestHeaders } from './forwarded-headers.util';

/** Where one request goes: the service and the path (with query) on it. */
export interface ForwardTarget {
  readonly upstream: ConfiguredUpstream;
  readonly upstreamPath: string;
}

class ClientAbortedError extends Error {
  constructor() {
    super('the client went away');
    this.name = ClientAbortedError.name;
  }
}

/**
 * Forwards a request to its upstream service and the answer back, both bodies streamed and
 * never parsed: the bytes that arrive are the bytes that were sent, whatever their size, type or
 * framing. Bodies above MAX_REQUEST_BYTES are refused (413) from the Content-Length at once, or
 * while counting a chunked body. Each upstream service has a circuit breaker; a refused
 * connection answers 503 at once, silence longer than UPSTREAM_TIMEOUT_MS 504.
 */
@Injectable()
export class UpstreamProxyService implements OnApplicationShutdown {
  private readonly logger = new Logger(UpstreamProxyService.name);
  private readonly agents = new Map<string, http.Agent>();

  constructor(
    @Inject(API_GATEWAY_CONFIG) private readonly config: ApiGatewayConfig,
    private readonly breakers: UpstreamBreakers,
    private readonly metrics: GatewayMetrics,
  ) {}

  /**
   * Resolves once the upstream's answer is on its way to the client (or the client left).
   * Rejects with an HttpException only while nothing has been sent to the client yet.
   */
  async forward(target: ForwardTarget, req: Request, res: Response): Promise<void> {
    const service = target.upstream.service;
    const method = req.method;
    const declared = declaredLength(req.headers['content-length']);
    if (declared !== undefined && declared > this.config.MAX_REQUEST_BYTES) {
      this.metrics.recordUpstream(service, method, 'too-large', 413);
      throw new PayloadTooLargeException(this.tooLargeMessage());
    }
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const status = await this.breakers.run(service, () => this.exchange(target, req, res));
      this.metrics.recordUpstream(service, method, 'response', status, seconds());
    } catch (error) {
      const { outcome, exception } = this.describe(error, res);
      const status = exception?.getStatus() ?? (error instanceof UpstreamFailure ? res.statusCode : 499);
      this.metrics.recordUpstream(service, method, outcome, status, seconds());
      // What is left of the request body is drained (bounded) by drainUnreadBodies.
      if (exception && !res.headersSent) throw exception;
      if (outcome !== 'response' && outcome !== 'client-aborted') {
        this.logger.warn({ msg: 'upstream failed after the response started', upstream: service, outcome });
        res.destroy();
      }
    }
  }

  onApplicationShutdown(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
    this.breakers.shutdown();
  }

  private describe(error: unknown, res: Response): { outcome: UpstreamOutcome; exception?: HttpException } {
    if (error instanceof CircuitOpenError) {
      res.setHeader('retry-after', String(error.retryAfterSeconds));
      return { outcome: 'circuit-open', exception: new ServiceUnavailableException(error.message) };
    }
    if (error instanceof BodyTooLargeError) {
      return { outcome: 'too-large', exception: new PayloadTooLargeException(this.tooLargeMessage()) };
    }
    if (error instanceof ClientAbortedError) return { outcome: 'client-aborted' };
    if (error instanceof UpstreamFailure) {
      switch (error.kind) {
        case 'unavailable':
          res.setHeader('retry-after', '1');
          return { outcome: 'unavailable', exception: new ServiceUnavailableException(error.message) };
        case 'timeout':
          return { outcome: 'timeout', exception: new GatewayTimeoutException(error.message) };
        case 'bad-gateway':
          return { outcome: 'bad-gateway', exception: new BadGatewayException(error.message) };
        case 'failed-status':
          // The service's own 502/503/504 is already on its way to the client.
          return { outcome: 'response' };
      }
    }
    this.logger.error({ msg: 'unexpected proxy failure', err: error });
    return {
      outcome: 'bad-gateway',
      exception: new BadGatewayException('the gateway could not forward the request'),
    };
  }

  private tooLargeMessage(): string {
    return `request body larger than MAX_REQUEST_BYTES (${this.config.MAX_REQUEST_BYTES} bytes)`;
  }

  /** One request/response exchange; resolves with the upstream's status once its answer streams. */
  private exchange(target: ForwardTarget, req: Request, res: Response): Promise<number> {
    const { upstream, upstreamPath } = target;
    const service = upstream.service;
    const base = upstream.baseUrl;
    const transport = base.protocol === 'https:' ? https : http;
    const headers = upstreamRequestHeaders(
      req.headers,
      clientConnection(req, this.config.TRUST_PROXY_HOPS),
      base.host,
      contextHttpHeaders(),
    );
    return new Promise<number>((resolve, reject) => {
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        reject(error);
      };
      const upstreamReq = transport.request({
        protocol: base.protocol,
        hostname: base.hostname,
        port: base.port || undefined,
        method: req.method,
        path: upstreamPath,
        headers,
        agent: this.agentFor(base),
      });
      // Silence on the upstream connection (no byte either way) for this long: 504 before the
      // answer started, a cut answer after. A slow client is not the service's silence: while
      // the body still comes in from the client or the answer waits for the client to drain, the
      // watch starts over (Node's requestTimeout bounds the client's time).
      upstreamReq.setTimeout(this.config.UPSTREAM_TIMEOUT_MS, () => {
        const waitingForClient = settled
          ? res.writableNeedDrain && !res.destroyed
          : !req.complete && !req.destroyed && !upstreamReq.writableNeedDrain;
        if (waitingForClient) {
          upstreamReq.socket?.setTimeout(this.config.UPSTREAM_TIMEOUT_MS);
          return;
        }
        upstreamReq.destroy(
          new UpstreamFailure(
            'timeout',
            service,
            `${service} did not answer within ${this.config.UPSTREAM_TIMEOUT_MS} ms`,
          ),
        );
      });
      upstreamReq.on('error', (error: NodeJS.ErrnoException) => {
        if (settled) {
          if (!res.writableFinished) res.destroy();
          return;
        }
        fail(error instanceof UpstreamFailure ? error : classifyConnectionError(error, service));
      });
      upstreamReq.on('response', (upstreamRes) => {
        if (settled) {
          upstreamRes.resume();
          return;
        }
        settled = true;
        const status = upstreamRes.statusCode ?? 502;
        const responseHeaders = clientResponseHeaders(upstreamRes.headers, (name) => res.hasHeader(name));
        for (const [name, value] of Object.entries(responseHeaders)) res.setHeader(name, value);
        res.writeHead(status);
        upstreamRes.on('error', () => res.destroy());
        upstreamRes.on('aborted', () => res.destroy());
        upstreamRes.pipe(res);
        if (status === 502 || status === 503 || status === 504) {
          reject(new UpstreamFailure('failed-status', service, `${service} answered ${status}`));
        } else {
          resolve(status);
        }
      });
      res.on('close', () => {
        if (res.writableFinished) return;
        upstreamReq.destroy();
        fail(new ClientAbortedError());
      });

      const limiter = new BodySizeLimit(this.config.MAX_REQUEST_BYTES);
      limiter.on('error', (error) => {
        req.unpipe(limiter);
        upstreamReq.destroy();
        fail(error);
      });
      req.on('error', () => {
        upstreamReq.destroy();
        fail(new ClientAbortedError());
      });
      req.pipe(limiter).pipe(upstreamReq);
    });
  }

  private agentFor(base: URL): http.Agent {
    let agent = this.agents.get(base.origin);
    if (!agent) {
      const options: http.AgentOptions = {
        keepAlive: true,
        keepAliveMsecs: 1000,
        maxSockets: 512,
        maxFreeSockets: 64,
      };
      agent = base.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
      this.agents.set(base.origin, agent);
    }
    return agent;
  }
}
