import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const WORKSPACE_ROOT = path.resolve(__dirname, '../../../..');
const START_TIMEOUT_MS = 60_000;

export type SimulatorApp = 'whatsapp-simulator' | 'genesys-simulator';

/** A free TCP port on loopback (bound to 127.0.0.1:0, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One of the cloud simulators, run from source as a child process on loopback. */
export class SimulatorProcess {
  private output = '';

  private constructor(
    readonly app: SimulatorApp,
    readonly baseUrl: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => this.capture(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.capture(chunk));
  }

  static async start(app: SimulatorApp, env: Record<string, string> = {}): Promise<SimulatorProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, ['-r', '@swc-node/register', `apps/${app}/src/main.ts`], {
      cwd: WORKSPACE_ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'warn',
        SWC_NODE_PROJECT: 'tsconfig.base.json',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const simulator = new SimulatorProcess(app, `http://127.0.0.1:${port}`, child);
    await simulator.waitUntilLive();
    return simulator;
  }

  async control<T = Record<string, unknown>>(method: string, pathName: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}/control/${pathName}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`${this.app} ${method} /control/${pathName}: HTTP ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  private capture(chunk: Buffer): void {
    this.output = (this.output + chunk.toString()).slice(-20_000);
  }

  private async waitUntilLive(): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) {
        throw new Error(`${this.app} exited with ${this.child.exitCode}:\n${this.output}`);
      }
      try {
        const response = await fetch(`${this.baseUrl}/health/live`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await this.stop();
    throw new Error(`${this.app} was not live within ${START_TIMEOUT_MS} ms:\n${this.output}`);
  }
}
