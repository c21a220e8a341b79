import { INestApplication, Type, ValidationPipe } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AddressInfo } from 'node:net';
import {
  DEFAULT_ACCESS_TOKEN,
  DEFAULT_PHONE_NUMBER_ID,
  type WhatsAppSimulatorConfig,
  loadWhatsAppSimulatorConfig,
} from '../app/config/whatsapp-simulator.config';
import { SimulatorModule } from '../app/simulator.module';

export const PHONE_NUMBER_ID = DEFAULT_PHONE_NUMBER_ID;
export const ACCESS_TOKEN = DEFAULT_ACCESS_TOKEN;
export const GRAPH_VERSION = 'v25.0';

export interface JsonResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body (undefined when the body is not JSON; see `text`). */
  readonly body: T;
  readonly text: string;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The simulator's features (no observability) on 127.0.0.1:0, with the production global
 * ValidationPipe, fast webhook retries and automatic statuses off unless the test turns them on.
 */
export class SimulatorHarness {
  private constructor(
    readonly app: INestApplication,
    readonly config: WhatsAppSimulatorConfig,
    readonly baseUrl: string,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<SimulatorHarness> {
    const config = loadWhatsAppSimulatorConfig({
      NODE_ENV: 'test',
      AUTO_STATUS_ENABLED: 'false',
      WEBHOOK_RETRY_INITIAL_DELAY_MS: '10',
      WEBHOOK_RETRY_MAX_DELAY_MS: '50',
      WEBHOOK_TIMEOUT_MS: '2000',
      ...env,
    });
    const moduleRef = await Test.createTestingModule({
      imports: [SimulatorModule.forRoot(config)],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    return new SimulatorHarness(app, config, `http://127.0.0.1:${port}`);
  }

  get<T>(type: Type<T>): T {
    return this.app.get(type);
  }

  close(): Promise<void> {
    return this.app.close();
  }

  /** A URL the simulator handed out (based on PUBLIC_BASE_URL), pointed at this test instance. */
  local(url: string): string {
    const parsed = new URL(url);
    return `${this.baseUrl}${parsed.pathname}${parsed.search}`;
  }

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: {
      json?: unknown;
      token?: string | null;
      body?: FormData;
      headers?: Record<string, string>;
    } = {},
  ): Promise<JsonResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== null && options.token !== undefined)
      headers['authorization'] = `Bearer ${options.token}`;
    let body: string | FormData | undefined = options.body;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: parseJson(text) as T, text };
  }

  /** A send with the seeded number and token unless told otherwise. */
  sendMessage<T = Record<string, unknown>>(
    payload: unknown,
    options: { phoneNumberId?: string; token?: string | null } = {},
  ): Promise<JsonResponse<T>> {
    const phoneNumberId = options.phoneNumberId ?? PHONE_NUMBER_ID;
    const token = options.token === undefined ? ACCESS_TOKEN : options.token;
    return this.request<T>('POST', `/${GRAPH_VERSION}/${phoneNumberId}/messages`, { json: payload, token });
  }

  control<T = Record<string, unknown>>(
    method: string,
    path: string,
    json?: unknown,
  ): Promise<JsonResponse<T>> {
    return this.request<T>(method, `/control/${path}`, { json });
  }
}

export function textMessage(to = '15551234567', body = 'Hello from the test'): Record<string, unknown> {
  return { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body } };
}
