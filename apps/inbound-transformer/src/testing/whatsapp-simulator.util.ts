import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const WORKSPACE_ROOT = path.resolve(__dirname, '../../../..');
const START_TIMEOUT_MS = 60_000;

/** The simulator's seeded number and its access token (its defaults, see its README). */
export const SIMULATOR_PHONE_NUMBER_ID = '109876543210987';
export const SIMULATOR_ACCESS_TOKEN = 'sandbox-whatsapp-access-token';

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

export interface PreloadedMedia {
  readonly id: string;
  readonly mimeType: string;
  readonly fileSize: number;
  /** Base64, as webhooks carry it. */
  readonly sha256: string;
  readonly sha256Hex: string;
}

/** The real apps/whatsapp-simulator, run from source as a child process on loopback. */
export class WhatsAppSimulator {
  private output = '';

  private constructor(
    readonly baseUrl: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => this.capture(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.capture(chunk));
  }

  static async start(): Promise<WhatsAppSimulator> {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', 'apps/whatsapp-simulator/src/main.ts'],
      {
        cwd: WORKSPACE_ROOT,
        env: {
          PATH: process.env['PATH'] ?? '',
          NODE_ENV: 'test',
          HOST: '127.0.0.1',
          PORT: String(port),
          // Media download URLs must point at this instance, not the sandbox's port.
          PUBLIC_BASE_URL: baseUrl,
          // Nothing listens for webhooks here; the tests feed the queue directly.
          WEBHOOK_URL: 'http://127.0.0.1:1/unused',
          AUTO_STATUS_ENABLED: 'false',
          LOG_LEVEL: 'warn',
          SWC_NODE_PROJECT: 'tsconfig.base.json',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const simulator = new WhatsAppSimulator(baseUrl, child);
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
      throw new Error(`whatsapp-simulator ${method} /control/${pathName}: HTTP ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Media as if a customer had sent it: downloadable through the Graph API (multipart: any size). */
  async preloadMedia(bytes: Buffer, mimeType: string): Promise<PreloadedMedia> {
    const form = new FormData();
    form.set('file', new Blob([bytes], { type: mimeType }), 'upload.bin');
    form.set('mimeType', mimeType);
    form.set('phoneNumberId', SIMULATOR_PHONE_NUMBER_ID);
    const response = await fetch(`${this.baseUrl}/control/media`, { method: 'POST', body: form });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`whatsapp-simulator POST /control/media: HTTP ${response.status} ${text}`);
    return JSON.parse(text) as PreloadedMedia;
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
        throw new Error(`whatsapp-simulator exited with ${this.child.exitCode}:\n${this.output}`);
      }
      try {
        if ((await fetch(`${this.baseUrl}/health/live`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await this.stop();
    throw new Error(`whatsapp-simulator was not live within ${START_TIMEOUT_MS} ms:\n${this.output}`);
  }
}
