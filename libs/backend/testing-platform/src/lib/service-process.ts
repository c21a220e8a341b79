import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const WORKSPACE_ROOT = path.resolve(__dirname, '../../../../..');

export interface ServiceProcessSpec {
  readonly name: string;
  /** Built bundle under dist/apps (npm test and `nx e2e e2e` build them first). */
  readonly bundle: string;
  readonly port: number;
  readonly env: Readonly<Record<string, string>>;
  readonly readyPath?: string;
  /** Extra Node.js flags, e.g. `--cpu-prof` to profile a service under a benchmark. */
  readonly nodeArgs?: readonly string[];
}

/** One platform process, started from its built bundle, with its log in a file. */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private exitCode: number | null = null;
  private starts = 0;

  constructor(
    readonly spec: ServiceProcessSpec,
    private readonly logDirectory: string,
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.spec.port}`;
  }

  get logFile(): string {
    return path.join(this.logDirectory, `${this.spec.name}.log`);
  }

  /** Operating-system process id while running. */
  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  /** The service's Prometheus exposition (GET /metrics). */
  async metrics(): Promise<string> {
    const response = await fetch(`${this.baseUrl}/metrics`, {
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`${this.spec.name} /metrics: HTTP ${response.status}`);
    return response.text();
  }

  /** Peak resident memory of the running process in bytes (Linux VmHWM), if known. */
  peakMemoryBytes(): number | undefined {
    const pid = this.pid;
    if (!pid) return undefined;
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const match = /^VmHWM:\s+(\d+) kB$/m.exec(status);
      return match ? Number(match[1]) * 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  /** CPU time (user + system) the running process has used so far, in seconds (Linux). */
  cpuSeconds(): number | undefined {
    const pid = this.pid;
    return pid ? processCpuSeconds(pid) : undefined;
  }

  get running(): boolean {
    return this.child !== undefined && this.exitCode === null;
  }

  async start(timeoutMs = 60_000): Promise<void> {
    const bundle = path.join(WORKSPACE_ROOT, 'dist/apps', this.spec.bundle, 'main.js');
    if (!fs.existsSync(bundle)) {
      throw new Error(`${bundle} is missing: build first (npx nx e2e e2e builds the services it needs)`);
    }
    fs.mkdirSync(this.logDirectory, { recursive: true });
    this.starts += 1;
    const log = fs.openSync(this.logFile, 'a');
    fs.writeSync(log, `\n----- start ${this.starts} at ${new Date().toISOString()} -----\n`);
    this.exitCode = null;
    const child = spawn(process.execPath, ['--enable-source-maps', ...(this.spec.nodeArgs ?? []), bundle], {
      cwd: WORKSPACE_ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        NODE_ENV: 'test',
        LOG_LEVEL: process.env['E2E_LOG_LEVEL'] ?? 'warn',
        PORT: String(this.spec.port),
        ...this.spec.env,
      },
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    this.child = child;
    child.on('exit', (code, signal) => {
      this.exitCode = code ?? (signal ? 128 : 1);
    });
    await this.waitUntilReady(timeoutMs);
  }

  /** SIGKILL: no graceful shutdown, in-flight work lost as in a crash. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || this.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    const child = this.child as ChildProcess;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  private async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const url = `${this.baseUrl}${this.spec.readyPath ?? '/health/ready'}`;
    while (Date.now() < deadline) {
      if (this.exitCode !== null) {
        throw new Error(`${this.spec.name} exited with ${this.exitCode} while starting; see ${this.logFile}`);
      }
      const ok = await fetch(url, { signal: AbortSignal.timeout(1_000) })
        .then((response) => response.ok)
        .catch(() => false);
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    throw new Error(`${this.spec.name} not ready after ${timeoutMs} ms; see ${this.logFile}`);
  }
}

const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU seconds of a process from /proc/<pid>/stat (Linux), or undefined. */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
