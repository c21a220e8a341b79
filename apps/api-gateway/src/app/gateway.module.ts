import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ServiceTokenClient, TokenVerifier, remoteJwks } from '@switchboard/backend-util-auth';
import { EdgeAuthGuard } from './auth/edge-auth.guard';
import { TenantApiKeyVerifier } from './auth/tenant-api-key-verifier.service';
import { API_GATEWAY_CONFIG, SERVICE_NAME, type ApiGatewayConfig } from './config/api-gateway.config';
import { ApiDocumentsService } from './docs/api-documents.service';
import { DocsController } from './docs/docs.controller';
import { GatewayMetrics } from './metrics/gateway-metrics.service';
import { ProxyController } from './proxy/proxy.controller';
import { UpstreamProxyService } from './proxy/upstream-proxy.service';
import { EdgeRateLimiter } from './rate-limit/edge-rate-limiter.service';
import { ClientRateLimitGuard, TenantRateLimitGuard } from './rate-limit/rate-limit.guards';
import { UpstreamBreakers } from './resilience/upstream-breakers.service';
import { RouteResolver } from './routing/route-resolver.service';

/**
 * The edge: guards in this order — client-address rate limit, authentication, tenant rate
 * limit — then the documentation or the proxy.
 */
@Module({})
export class GatewayModule {
  static forRoot(config: ApiGatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      // DocsController first: /api/docs is the gateway's, never a route.
      controllers: [DocsController, ProxyController],
      providers: [
        { provide: API_GATEWAY_CONFIG, useValue: config },
        { provide: GatewayMetrics, useFactory: () => new GatewayMetrics() },
        { provide: RouteResolver, useFactory: () => new RouteResolver(config.UPSTREAMS) },
        {
          provide: UpstreamBreakers,
          inject: [GatewayMetrics],
          useFactory: (metrics: GatewayMetrics) =>
            new UpstreamBreakers(
              {
                consecutiveFailures: config.BREAKER_CONSECUTIVE_FAILURES,
                errorThresholdPercent: config.BREAKER_ERROR_THRESHOLD_PERCENT,
                volumeThreshold: config.BREAKER_VOLUME_THRESHOLD,
                windowMs: config.BREAKER_WINDOW_MS,
                resetTimeoutMs: config.BREAKER_RESET_TIMEOUT_MS,
              },
              (service, state, transition) => metrics.recordBreakerState(service, state, transition),
            ),
        },
        {
          provide: ServiceTokenClient,
          useFactory: () =>
            new ServiceTokenClient({
              authServiceUrl: config.AUTH_SERVICE_URL,
              serviceName: SERVICE_NAME,
              serviceSecret: config.SERVICE_CLIENT_SECRET,
            }),
        },
        {
          provide: TokenVerifier,
          useFactory: () =>
            new TokenVerifier(
              remoteJwks(config.AUTH_SERVICE_URL, SERVICE_NAME, config.SERVICE_CLIENT_SECRET),
              SERVICE_NAME,
            ),
        },
        {
          provide: TenantApiKeyVerifier,
          inject: [ServiceTokenClient, GatewayMetrics],
          useFactory: (serviceTokens: ServiceTokenClient, metrics: GatewayMetrics) =>
            new TenantApiKeyVerifier(
              {
                tenantServiceUrl: config.TENANT_SERVICE_URL,
                positiveTtlMs: config.API_KEY_CACHE_TTL_MS,
                negativeTtlMs: config.API_KEY_NEGATIVE_CACHE_TTL_MS,
              },
              serviceTokens,
              metrics,
            ),
        },
        EdgeRateLimiter,
        UpstreamProxyService,
        ApiDocumentsService,
        { provide: APP_GUARD, useClass: ClientRateLimitGuard },
        { provide: APP_GUARD, useClass: EdgeAuthGuard },
        { provide: APP_GUARD, useClass: TenantRateLimitGuard },
      ],
    };
  }
}
