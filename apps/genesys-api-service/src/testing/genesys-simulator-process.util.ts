import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const WORKSPACE_ROOT = path.resolve(__dirname, '../../../..');
const START_TIMEOUT_MS = 60_000;

/** A port that was free a moment ago (bind 127.0.0.1:0, read it, release it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** One request the simulator's Open Messaging inbound endpoints received (`GET /control/inbound`). */
export interface InboundRecord {
  readonly seq: number;
  readonly kind: 'message' | 'receipt' | 'event' | 'structured-response' | 'legacy-message';
  readonly integrationId?: string;
  readonly receivedAt: string;
  readonly status: number;
  readonly accepted: boolean;
  readonly customerId?: string;
  readonly conversationId?: string;
  readonly genesysMessageId?: string;
  readonly providerMessageId?: string;
  readonly body: unknown;
  readonly response?: unknown;
}

export interface InboundFilter {
  readonly integrationId?: string;
  readonly kind?: InboundRecord['kind'];
  readonly customerId?: string;
  readonly messageId?: string;
}

export interface FaultRule {
  readonly integrationId?: string;
  readonly clientId?: string;
  readonly kind: 'rate-limit' | 'server-error' | 'delay';
  readonly count?: number;
  readonly durationMs?: number;
  readonly retryAfterSeconds?: number;
  readonly status?: 500 | 502 | 503 | 504;
  readonly delayMs?: number;
}

export interface GenesysSimulator {
  readonly baseUrl: string;
  control<T = unknown>(method: string, pathname: string, body?: unknown): Promise<T>;
  inbound(filter: InboundFilter): Promise<InboundRecord[]>;
  addFault(rule: FaultRule): Promise<void>;
  clearFaults(): Promise<void>;
  /** Requests to the API host per integration (faulted ones included). */
  requestsTo(integrationId: string): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Runs the Genesys simulator app as a child process from its sources (no import from another
 * app), on a free loopback port, and waits until it is ready.
 */
export async function startGenesysSimulator(env: Record<string, string>): Promise<GenesysSimulator> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', '@swc-node/register', 'apps/genesys-simulator/src/main.ts'],
    {
      cwd: WORKSPACE_ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        NODE_ENV: 'test',
        SWC_NODE_PROJECT: 'tsconfig.base.json',
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`genesys-simulator exited ${child.exitCode}: ${stderr}`);
    try {
      const response = await fetch(`${baseUrl}/health/ready`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`genesys-simulator not ready within ${START_TIMEOUT_MS} ms: ${stderr}`);
    }
    await sleep(200);
  }
  const control = async <T>(method: string, pathname: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl}${pathname}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`simulator ${method} ${pathname}: HTTP ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    baseUrl,
    control,
    async inbound(filter) {
      const query = new URLSearchParams(Object.entries(filter).filter(([, value]) => value !== undefined));
      const { items } = await control<{ items: InboundRecord[] }>('GET', `/control/inbound?${query}`);
      return items;
    },
    addFault: (rule) => control('POST', '/control/faults', rule),
    clearFaults: () => control('DELETE', '/control/faults'),
    async requestsTo(integrationId) {
      const stats = await control<{ byIntegration: Record<string, number> }>('GET', '/control/stats');
      return stats.byIntegration[integrationId] ?? 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
