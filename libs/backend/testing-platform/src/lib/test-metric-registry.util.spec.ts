import { TestMetricRegistry } from './test-metric-registry.util';

describe('TestMetricRegistry', () => {
  it('reads a counter series by its labels', async () => {
    const metrics = new TestMetricRegistry();
    const counter = metrics.counter('things_total', 'kind');

    counter.inc({ kind: 'a' }, 2);

    expect(await metrics.value('things_total', { kind: 'a' })).toBe(2);
    expect(await metrics.value('things_total', { kind: 'b' })).toBe(0);
  });

  it("reads a histogram's count", async () => {
    const metrics = new TestMetricRegistry();
    const histogram = metrics.histogram('took_seconds', 'outcome');

    histogram.observe({ outcome: 'ok' }, 0.2);
    histogram.observe({ outcome: 'ok' }, 7);

    expect(await metrics.value('took_seconds', { outcome: 'ok' })).toBe(2);
  });
});
