import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './free-port.util';
import { WORKSPACE_ROOT } from './service-process';

const START_TIMEOUT_MS = 60_000;

export type SimulatorApp = 'whatsapp-simulator' | 'genesys-simulator';

/**
 * One of the cloud simulators, run from its sources as a child process on a free loopback port
 * (for a service's own integration tests; the end-to-end platform runs the built bundles).
 * `PUBLIC_BASE_URL` points at this instance, so media and attachment URLs reach it.
 */
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
    const baseUrl = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, ['-r', '@swc-node/register', `apps/${app}/src/main.ts`], {
      cwd: WORKSPACE_ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(port),
        PUBLIC_BASE_URL: baseUrl,
        LOG_LEVEL: 'warn',
        SWC_NODE_PROJECT: 'tsconfig.base.json',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const simulator = new SimulatorProcess(app, baseUrl, child);
    await simulator.waitUntilReady();
    return simulator;
  }

  /** A JSON call to any path of the simulator; a non-2xx answer throws with its status and body. */
  async request<T = Record<string, unknown>>(method: string, pathname: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${pathname}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${this.app} ${method} ${pathname}: HTTP ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** A call to `/control/<pathName>`. */
  control<T = Record<string, unknown>>(method: string, pathName: string, body?: unknown): Promise<T> {
    return this.request<T>(method, `/control/${pathName}`, body);
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

  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) {
        throw new Error(`${this.app} exited with ${this.child.exitCode}:\n${this.output}`);
      }
      try {
        if ((await fetch(`${this.baseUrl}/health/ready`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await this.stop();
    throw new Error(`${this.app} was not ready within ${START_TIMEOUT_MS} ms:\n${this.output}`);
  }
}
