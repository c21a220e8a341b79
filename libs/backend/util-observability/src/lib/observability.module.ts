import { DynamicModule, Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PrometheusModule, makeHistogramProvider } from '@willsoto/nestjs-prometheus';
import { LoggerModule } from 'nestjs-pino';
import { CorrelationMiddleware } from './context/correlation.middleware';
import { HealthController } from './health/health.controller';
import { ReadinessRegistry } from './health/readiness.registry';
import { LoggingOptions, nestLoggerParams } from './logging/logger-options';
import { HTTP_REQUEST_DURATION, HttpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { MetricsController } from './metrics/metrics.controller';

export type ObservabilityOptions = LoggingOptions;

/**
 * JSON logs (service, correlationId and tenantId on every line, secrets redacted), Prometheus
 * `/metrics` (process, HTTP, queues), `/health/live` and `/health/ready`, and the correlation id
 * of each request. Import once in a service's root module.
 */
@Global()
@Module({})
export class ObservabilityModule implements NestModule {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [
        LoggerModule.forRoot(nestLoggerParams(options)),
        PrometheusModule.register({
          controller: MetricsController,
          defaultMetrics: { enabled: true, config: { labels: { service: options.serviceName } } },
        }),
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: [HealthController],
      providers: [
        ReadinessRegistry,
        makeHistogramProvider({
          name: HTTP_REQUEST_DURATION,
          help: 'HTTP request duration by method, route template, status and tenant',
          labelNames: ['method', 'route', 'status_code', 'tenant'],
          buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        }),
      ],
      exports: [ReadinessRegistry],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CorrelationMiddleware, HttpMetricsMiddleware).forRoutes('*path');
  }
}
