import { SimulatorProcess } from '@switchboard/backend-testing-platform';

export { freePort } from '@switchboard/backend-testing-platform';

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

/** The real apps/genesys-simulator, run from source on loopback, with the calls these tests need. */
export async function startGenesysSimulator(env: Record<string, string>): Promise<GenesysSimulator> {
  const simulator = await SimulatorProcess.start('genesys-simulator', env);
  const control = <T>(method: string, pathname: string, body?: unknown) =>
    simulator.request<T>(method, pathname, body);
  return {
    baseUrl: simulator.baseUrl,
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
    stop: () => simulator.stop(),
  };
}
