import { SimulatorProcess } from '@switchboard/backend-testing-platform';

/** The simulator's seeded number and its access token (its defaults, see its README). */
export const SIMULATOR_PHONE_NUMBER_ID = '109876543210987';
export const SIMULATOR_ACCESS_TOKEN = 'sandbox-whatsapp-access-token';

export interface PreloadedMedia {
  readonly id: string;
  readonly mimeType: string;
  readonly fileSize: number;
  /** Base64, as webhooks carry it. */
  readonly sha256: string;
  readonly sha256Hex: string;
}

/** The real apps/whatsapp-simulator, run from source on loopback, with media preloading. */
export class WhatsAppSimulator {
  private constructor(private readonly simulator: SimulatorProcess) {}

  get baseUrl(): string {
    return this.simulator.baseUrl;
  }

  static async start(): Promise<WhatsAppSimulator> {
    return new WhatsAppSimulator(
      await SimulatorProcess.start('whatsapp-simulator', {
        // Nothing listens for webhooks here; the tests feed the queue directly.
        WEBHOOK_URL: 'http://127.0.0.1:1/unused',
        AUTO_STATUS_ENABLED: 'false',
      }),
    );
  }

  control<T = Record<string, unknown>>(method: string, pathName: string, body?: unknown): Promise<T> {
    return this.simulator.control<T>(method, pathName, body);
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

  stop(): Promise<void> {
    return this.simulator.stop();
  }
}
