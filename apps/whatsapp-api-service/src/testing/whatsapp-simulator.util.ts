import { SimulatorProcess } from '@switchboard/backend-testing-platform';

/** One request the simulator accepted (`GET /control/sends`). */
export interface RecordedSend {
  readonly sequence: number;
  readonly kind: 'message' | 'mark_read' | 'typing_indicator';
  readonly phoneNumberId: string;
  readonly to?: string;
  readonly waId?: string;
  readonly type?: string;
  readonly wamid: string;
  readonly payload: Record<string, unknown>;
}

/** Media the simulator holds (`GET /control/media`). */
export interface SimulatorMedia {
  readonly id: string;
  readonly mimeType: string;
  readonly sha256Hex: string;
  readonly phoneNumberId?: string;
  readonly origin: 'upload' | 'inbound';
  readonly fileSize: number;
}

/** A fault on the Graph routes of one number (the simulator's `faults/fault.dto.ts`). */
export interface SimulatorFault {
  readonly phoneNumberId: string;
  readonly endpoint?: 'all' | 'messages' | 'media';
  readonly errorCode?: number;
  readonly httpStatus?: number;
  readonly retryAfterSeconds?: number;
  readonly delayMs?: number;
  readonly drop?: boolean;
  readonly count?: number;
  readonly durationMs?: number;
}

/** The real apps/whatsapp-simulator, run from source on loopback, with the calls these tests need. */
export class WhatsAppSimulator {
  private constructor(private readonly simulator: SimulatorProcess) {}

  get baseUrl(): string {
    return this.simulator.baseUrl;
  }

  static async start(): Promise<WhatsAppSimulator> {
    return new WhatsAppSimulator(
      await SimulatorProcess.start('whatsapp-simulator', {
        // Nothing listens for webhooks here: the tests read the send log.
        WEBHOOK_URL: 'http://127.0.0.1:1/unused',
        AUTO_STATUS_ENABLED: 'false',
      }),
    );
  }

  /** A business number of a tenant; its tokens are registered with {@link registerToken}. */
  async addNumber(phoneNumberId: string): Promise<void> {
    await this.simulator.control('POST', 'phone-numbers', { phoneNumberId });
  }

  async registerToken(phoneNumberId: string, token: string): Promise<void> {
    await this.simulator.control('POST', 'tokens', { phoneNumberId, token });
  }

  async revokeToken(token: string): Promise<void> {
    await this.simulator.control('POST', 'tokens/revoke', { token });
  }

  async sends(filter: {
    phoneNumberId?: string;
    to?: string;
    kind?: RecordedSend['kind'];
  }): Promise<RecordedSend[]> {
    const query = new URLSearchParams(
      Object.entries(filter).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    const { items } = await this.simulator.control<{ items: RecordedSend[] }>('GET', `sends?${query}`);
    return items;
  }

  async media(phoneNumberId: string): Promise<SimulatorMedia[]> {
    const { items } = await this.simulator.control<{ items: SimulatorMedia[] }>('GET', 'media');
    return items.filter((item) => item.phoneNumberId === phoneNumberId);
  }

  /** Adds a fault and returns a reader of how many requests it hit. */
  async addFault(fault: SimulatorFault): Promise<() => Promise<number>> {
    const { id } = await this.simulator.control<{ id: string }>('POST', 'faults', fault);
    return async () => {
      const { items } = await this.simulator.control<{ items: { id: string; hits: number }[] }>(
        'GET',
        'faults',
      );
      // A fault whose count is used up is no longer listed: it hit `count` requests.
      return items.find((item) => item.id === id)?.hits ?? fault.count ?? 0;
    };
  }

  async clearFaults(): Promise<void> {
    await this.simulator.request('POST', '/control/faults/clear');
  }

  stop(): Promise<void> {
    return this.simulator.stop();
  }
}
