import { freePort } from '@switchboard/backend-testing-platform';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const WORKSPACE_ROOT = path.resolve(__dirname, '../../../..');
const START_TIMEOUT_MS = 60_000;

/** One webhook delivery of the simulator (`GET /control/deliveries`), with every attempt. */
export interface SimulatedDelivery {
  readonly id: string;
  readonly messageId?: string;
  readonly status: 'pending' | 'delivered' | 'failed' | 'gave-up' | 'cancelled';
  readonly body: string;
  readonly attempts: readonly {
    readonly statusCode?: number;
    readonly error?: string;
    readonly outcome: string;
  }[];
}

/** The answer of a `/control/outbound/*` call made with `?wait=true`. */
export interface SentNotification {
  readonly messageId?: string;
  readonly payload: Record<string, unknown>;
  readonly delivery: SimulatedDelivery;
}

export interface GenesysSimulatorProcess {
  readonly baseUrl: string;
  control<T = unknown>(method: string, pathname: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Runs the Genesys simulator app as a child process from its sources (no import from another
 * app), on a free loopback port, and waits until it is ready.
 */
export async function startGenesysSimulator(env: Record<string, string>): Promise<GenesysSimulatorProcess> {
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
        PUBLIC_BASE_URL: baseUrl,
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
  return {
    baseUrl,
    async control<T>(method: string, pathname: string, body?: unknown): Promise<T> {
      const response = await fetch(`${baseUrl}${pathname}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`simulator ${method} ${pathname}: HTTP ${response.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
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
