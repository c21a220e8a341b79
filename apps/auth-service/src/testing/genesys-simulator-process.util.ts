import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const WORKSPACE_ROOT = path.resolve(__dirname, '../../../..');

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

export interface SimulatorProcess {
  readonly baseUrl: string;
  control<T = unknown>(method: string, pathname: string, body?: unknown): Promise<T>;
  /** Token requests the simulator received from one OAuth client. */
  tokenRequests(clientId: string): Promise<{ requests: number; issued: number; rejected: number }>;
  stop(): Promise<void>;
}

/**
 * Runs the Genesys simulator app as a child process from its sources (no import from another
 * app), on a free loopback port, and waits until it is ready.
 */
export async function startGenesysSimulator(env: Record<string, string>): Promise<SimulatorProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', '@swc-node/register', 'apps/genesys-simulator/src/main.ts'],
    {
      cwd: WORKSPACE_ROOT,
      env: {
        ...process.env,
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
  const deadline = Date.now() + 60_000;
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
      throw new Error(`genesys-simulator not ready within 60 s: ${stderr}`);
    }
    await sleep(200);
  }
  const control = async <T>(method: string, pathname: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl}${pathname}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`simulator ${method} ${pathname}: HTTP ${response.status}`);
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    baseUrl,
    control,
    async tokenRequests(clientId) {
      const stats = await control<{
        tokenRequests: { byClient: Record<string, { requests: number; issued: number; rejected: number }> };
      }>('GET', '/control/stats');
      return stats.tokenRequests.byClient[clientId] ?? { requests: 0, issued: 0, rejected: 0 };
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
