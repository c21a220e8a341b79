import { INestApplication } from '@nestjs/common';
import { createHttpService } from '@switchboard/backend-util-observability';
import { register } from 'prom-client';
import request from 'supertest';
import { AppModule } from './app.module';
import {
  DEFAULT_ACCESS_TOKEN,
  DEFAULT_PHONE_NUMBER_ID,
  loadWhatsAppSimulatorConfig,
} from './config/whatsapp-simulator.config';

describe(AppModule.name, () => {
  let sut: INestApplication;

  const logLevel = process.env['LOG_LEVEL'];

  beforeAll(async () => {
    register.clear();
    process.env['LOG_LEVEL'] = 'silent';
    const config = loadWhatsAppSimulatorConfig({ NODE_ENV: 'test', AUTO_STATUS_ENABLED: 'false' });
    sut = await createHttpService({
      rootModule: AppModule.forRoot(config),
      port: 0,
    });
    await sut.init();
  });

  afterAll(async () => {
    await sut.close();
    if (logLevel === undefined) delete process.env['LOG_LEVEL'];
    else process.env['LOG_LEVEL'] = logLevel;
  });

  it('serves health, the Graph API and the control API side by side', async () => {
    const server = sut.getHttpServer();

    const health = await request(server).get('/health/live');
    const send = await request(server)
      .post(`/v25.0/${DEFAULT_PHONE_NUMBER_ID}/messages`)
      .set('authorization', `Bearer ${DEFAULT_ACCESS_TOKEN}`)
      .send({ messaging_product: 'whatsapp', to: '15551234567', type: 'text', text: { body: 'hi' } });
    const sends = await request(server).get('/control/sends');

    expect(health.status).toBe(200);
    expect(send.status).toBe(200);
    expect(sends.body.items).toHaveLength(1);
  });
});
