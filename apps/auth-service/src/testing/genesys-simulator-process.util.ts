import { SimulatorProcess as GenesysSimulatorApp } from '@switchboard/backend-testing-platform';

export { freePort } from '@switchboard/backend-testing-platform';

export interface SimulatorProcess {
  readonly baseUrl: string;
  control<T = unknown>(method: string, pathname: string, body?: unknown): Promise<T>;
  /** Token requests the simulator received from one OAuth client. */
  tokenRequests(clientId: string): Promise<{ requests: number; issued: number; rejected: number }>;
  stop(): Promise<void>;
}

/** The real apps/genesys-simulator, run from source on loopback. */
export async function startGenesysSimulator(env: Record<string, string>): Promise<SimulatorProcess> {
  const simulator = await GenesysSimulatorApp.start('genesys-simulator', env);
  const control = <T>(method: string, pathname: string, body?: unknown) =>
    simulator.request<T>(method, pathname, body);
  return {
    baseUrl: simulator.baseUrl,
    control,
    async tokenRequests(clientId) {
      const stats = await control<{
        tokenRequests: { byClient: Record<string, { requests: number; issued: number; rejected: number }> };
      }>('GET', '/control/stats');
      return stats.tokenRequests.byClient[clientId] ?? { requests: 0, issued: 0, rejected: 0 };
    },
    stop: () => simulator.stop(),
  };
}
