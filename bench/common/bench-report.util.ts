// Figures and report lines shared by the benchmarks: percentiles, CPU per process (the platform's
// services, PostgreSQL, Redis, RabbitMQ and the driver), peak queue depths and peak memory.
import fs from 'node:fs';
import {
  PLATFORM_SERVICES,
  processCpuSeconds,
  type BrokerInspector,
  type Platform,
} from '@switchboard/backend-testing-platform';

/** The p-th percentile (nearest rank, 0–100) of unsorted values; NaN when there are none. */
export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
};

export const ms = (value: number): string => `${value.toFixed(1)} ms`;

/** PostgreSQL, Redis and RabbitMQ processes of this machine, by name, for CPU accounting. */
export function infrastructureProcesses(): Map<string, number[]> {
  const groups = new Map<string, number[]>([
    ['postgresql', []],
    ['redis', []],
    ['rabbitmq', []],
  ]);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let name = '';
    try {
      name = fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    const group = name.startsWith('postgres')
      ? 'postgresql'
      : name.startsWith('redis')
        ? 'redis'
        : name === 'beam.smp'
          ? 'rabbitmq'
          : undefined;
    if (group) groups.get(group)?.push(Number(entry));
  }
  return groups;
}

/** CPU seconds (user + system) the given processes have used so far; gone processes count 0. */
export const cpuSecondsOf = (pids: readonly number[]): number =>
  pids.reduce((sum, pid) => sum + (processCpuSeconds(pid) ?? 0), 0);

/** CPU seconds used so far by each platform service, each infrastructure group and this driver. */
export function cpuSnapshot(platform: Platform): Map<string, number> {
  const snapshot = new Map<string, number>();
  for (const name of PLATFORM_SERVICES) snapshot.set(name, platform.services[name].cpuSeconds() ?? 0);
  for (const [group, pids] of infrastructureProcesses()) snapshot.set(group, cpuSecondsOf(pids));
  snapshot.set('benchmark driver', process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6);
  return snapshot;
}

/** "CPU used over N s (% of one core): …", busiest process first. */
export function cpuUsageLine(
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
  wallSeconds: number,
): string {
  return `CPU used over ${wallSeconds.toFixed(0)} s (% of one core): ${[...after]
    .map(([name, seconds]) => [name, (100 * (seconds - (before.get(name) ?? 0))) / wallSeconds] as const)
    .sort((a, b) => b[1] - a[1])
    .map(([name, percent]) => `${name} ${percent.toFixed(0)}`)
    .join(', ')}`;
}

/** Prints each platform service's peak resident memory (VmHWM). */
export function printPeakMemory(platform: Platform): void {
  console.log('\npeak memory (VmHWM) per process:');
  for (const name of PLATFORM_SERVICES) {
    const bytes = platform.services[name].peakMemoryBytes();
    console.log(`  ${name.padEnd(26)} ${bytes ? `${(bytes / 1024 / 1024).toFixed(0)} MB` : 'n/a'}`);
  }
}

/** Samples the depth of the watched queues every 250 ms and keeps each one's peak. */
export class QueueDepthSampler {
  private readonly peaks = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    broker: Pick<BrokerInspector, 'depth'>,
    private readonly queues: readonly string[],
  ) {
    this.timer = setInterval(() => {
      for (const queue of queues) {
        void broker
          .depth(queue)
          .then((depth) => this.peaks.set(queue, Math.max(this.peaks.get(queue) ?? 0, depth)))
          .catch(() => undefined);
      }
    }, 250);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** "queue peak, queue peak, …" in the order the queues were given. */
  peaksLine(): string {
    return this.queues.map((q) => `${q} ${this.peaks.get(q) ?? 0}`).join(', ');
  }
}
