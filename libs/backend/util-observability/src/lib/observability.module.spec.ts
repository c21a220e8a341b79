import {
  Controller,
  Get,
  Headers,
  INestApplication,
  Injectable,
  Logger,
  Module,
  OnModuleInit,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { PassThrough } from 'node:stream';
import { register } from 'prom-client';
import request from 'supertest';
import { setContextTenant } from './context/request-context';
import { ReadinessRegistry } from './health/readiness.registry';
import { ObservabilityModule } from './observability.module';

const SECRET_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.super-secret-access-token';

@Controller('orders')
class OrdersController {
  private readonly logger = new Logger(OrdersController.name);

  @Get(':id')
  find(@Headers('authorization') authorization: string) {
    setContextTenant('tenant-a');
    this.logger.log({
      msg: 'looking up order',
      clientSecret: 'shh-client-secret',
      nested: { accessToken: SECRET_TOKEN },
    });
    this.logger.warn(`upstream refused Bearer ${SECRET_TOKEN}`);
    return { ok: true, authorizationSeen: authorization.length > 0 };
  }
}

@Injectable()
class FakeDependency implements OnModuleInit {
  healthy = true;
  constructor(private readonly readiness: ReadinessRegistry) {}
  onModuleInit() {
    this.readiness.register('fake-db', async () => {
      if (!this.healthy) throw new Error('connection refused');
    });
  }
}

describe(ObservabilityModule.name, () => {
  let app: INestApplication;
  let lines: Record<string, unknown>[];
  let dependency: FakeDependency;

  beforeEach(async () => {
    register.clear();
    lines = [];
    const destination = new PassThrough();
    destination.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    });
    @Module({
      imports: [ObservabilityModule.forRoot({ serviceName: 'test-service', destination, level: 'debug' })],
      controllers: [OrdersController],
      providers: [FakeDependency],
    })
    class TestAppModule {}
    const moduleRef = await Test.createTestingModule({ imports: [TestAppModule] }).compile();
    app = moduleRef.createNestApplication({ bufferLogs: true });
    app.useLogger(app.get(PinoNestLogger));
    await app.init();
    dependency = app.get(FakeDependency);
  });

  afterEach(async () => {
    await app.close();
  });

  it('echoes the caller’s correlation id and puts it, the service and the tenant on every log line', async () => {
    const response = await request(app.getHttpServer())
      .get('/orders/1')
      .set('x-correlation-id', 'corr-123')
      .set('authorization', `Bearer ${SECRET_TOKEN}`)
      .expect(200);
    expect(response.headers['x-correlation-id']).toBe('corr-123');
    const appLines = lines.filter((line) => line['context'] === OrdersController.name);
    expect(appLines).toHaveLength(2);
    for (const line of appLines) {
      expect(line).toMatchObject({
        service: 'test-service',
        correlationId: 'corr-123',
        tenantId: 'tenant-a',
      });
    }
  });

  it('creates a correlation id when none or an unsafe one is given', async () => {
    const generated = await request(app.getHttpServer())
      .get('/orders/1')
      .set('authorization', 'x')
      .expect(200);
    expect(generated.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    const unsafe = await request(app.getHttpServer())
      .get('/orders/1')
      .set('authorization', 'x')
      .set('x-correlation-id', `evil value with spaces ${'x'.repeat(200)}`)
      .expect(200);
    expect(unsafe.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps tokens and secrets out of every log line', async () => {
    await request(app.getHttpServer())
      .get('/orders/1?hub.verify_token=verify-secret-value&limit=5')
      .set('authorization', `Bearer ${SECRET_TOKEN}`)
      .set('cookie', 'refresh=cookie-secret-value')
      .expect(200);
    const everything = JSON.stringify(lines);
    expect(lines.length).toBeGreaterThan(2);
    expect(everything).not.toContain(SECRET_TOKEN);
    expect(everything).not.toContain('shh-client-secret');
    expect(everything).not.toContain('cookie-secret-value');
    expect(everything).not.toContain('verify-secret-value');
    expect(everything).toContain('limit=5');
    expect(everything).toContain('[REDACTED]');
  });

  it('serves Prometheus metrics with process and HTTP request figures', async () => {
    await request(app.getHttpServer()).get('/orders/7').set('authorization', 'x').expect(200);
    const metrics = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(metrics.text).toContain('process_cpu_user_seconds_total');
    expect(metrics.text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/orders\/:id",status_code="200",tenant="tenant-a"\} 1/,
    );
  });

  it('answers liveness and readiness, and readiness fails when a dependency is down', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200);
    const ready = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(ready.body.info['fake-db'].status).toBe('up');
    dependency.healthy = false;
    const notReady = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(notReady.body.error['fake-db']).toEqual({ status: 'down', message: 'connection refused' });
  });
});
