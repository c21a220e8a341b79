import { SimulatorProcess } from '@switchboard/backend-testing-platform';

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

/** The real apps/genesys-simulator, run from source on loopback. */
export async function startGenesysSimulator(env: Record<string, string>): Promise<GenesysSimulatorProcess> {
  const simulator = await SimulatorProcess.start('genesys-simulator', env);
  return {
    baseUrl: simulator.baseUrl,
    control: (method, pathname, body) => simulator.request(method, pathname, body),
    stop: () => simulator.stop(),
  };
}
