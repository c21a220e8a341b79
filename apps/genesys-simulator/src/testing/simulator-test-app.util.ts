import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import {
  type GenesysSimulatorConfig,
  loadGenesysSimulatorConfig,
  SANDBOX_INTEGRATION_ID,
} from '../app/config/genesys-simulator.config';
import { SimulatorModule } from '../app/simulator.module';

export const TEST_CLIENT_ID = 'sandbox-genesys-client';
export const TEST_CLIENT_SECRET = 'sandbox-genesys-client-secret';
export const TEST_INTEGRATION_ID = SANDBOX_INTEGRATION_ID;
export const TEST_WEBHOOK_SECRET = 'sandbox-genesys-webhook-secret';

export interface SimulatorTestApp {
  readonly app: INestApplication;
  readonly baseUrl: string;
  readonly config: GenesysSimulatorConfig;
  /** A supertest agent for the running simulator (loopback only). */
  http(): ReturnType<typeof request>;
  /** A bearer token of the sandbox client, or of the given client. */
  token(clientId?: string, clientSecret?: string): Promise<string>;
  close(): Promise<void>;
}

export function basicAuth(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
}

/**
 * Starts the simulator's feature modules (no observability) on 127.0.0.1:0, with the same
 * global validation pipe as the real bootstrap and fast webhook retry settings.
 */
export async function startSimulator(env: NodeJS.ProcessEnv = {}): Promise<SimulatorTestApp> {
  const config = loadGenesysSimulatorConfig({
    NODE_ENV: 'test',
    WEBHOOK_TIMEOUT_MS: '1000',
    WEBHOOK_RETRY_DELAY_MS: '10',
    INTEGRATION_WEBHOOK_URL: 'http://127.0.0.1:9/unused',
    ...env,
  });
  const app = await NestFactory.create(SimulatorModule.forRoot(config), { logger: false });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const http = () => request(baseUrl);
  return {
    app,
    baseUrl,
    config,
    http,
    async token(clientId = TEST_CLIENT_ID, clientSecret = TEST_CLIENT_SECRET) {
      const response = await http()
        .post('/oauth/token')
        .set('Authorization', basicAuth(clientId, clientSecret))
        .type('form')
        .send({ grant_type: 'client_credentials' })
        .expect(200);
      return (response.body as { access_token: string }).access_token;
    },
    close: () => app.close(),
  };
}
