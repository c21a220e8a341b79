import { Counter, Histogram, Registry } from 'prom-client';

/** Metrics on a registry of the test's own (never the global one), and a reader of their values. */
export class TestMetricRegistry {
  readonly registry = new Registry();

  counter(name: string, label: string): Counter {
    return new Counter({ name, help: name, labelNames: [label], registers: [this.registry] });
  }

  histogram(name: string, label: string): Histogram {
    return new Histogram({ name, help: name, labelNames: [label], registers: [this.registry] });
  }

  /** The value of the series with these labels (a histogram's count); 0 when never observed. */
  async value(name: string, labels: object): Promise<number> {
    const metric = await this.registry.getSingleMetric(name)?.get();
    // A histogram's series are its buckets, sum and count: read the count.
    const sample = metric?.values.find(
      (candidate) =>
        [undefined, `${name}_count`].includes((candidate as { metricName?: string }).metricName) &&
        Object.entries(labels).every(([key, expected]) => candidate.labels[key] === expected),
    );
    return sample?.value ?? 0;
  }
}
