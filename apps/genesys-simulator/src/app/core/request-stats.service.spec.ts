import { OTHER_KEY, MAX_DISTINCT_KEYS, RequestStatsService } from './request-stats.service';
import { SimulatorStateService } from './simulator-state.service';

describe(RequestStatsService.name, () => {
  let sut: RequestStatsService;

  beforeEach(() => {
    sut = new RequestStatsService(new SimulatorStateService());
  });

  it('counts made-up integration and client ids beyond MAX_DISTINCT_KEYS under one key', () => {
    for (let i = 0; i < MAX_DISTINCT_KEYS + 5; i += 1) {
      sut.recordRequest('POST /x', `integration-${i}`);
      sut.recordTokenRequest(`client-${i}`);
    }
    sut.recordRequest('POST /x', 'integration-0');

    const snapshot = sut.snapshot();

    expect(Object.keys(snapshot.byIntegration)).toHaveLength(MAX_DISTINCT_KEYS + 1);
    expect(snapshot.byIntegration['integration-0']).toBe(2);
    expect(snapshot.byIntegration[OTHER_KEY]).toBe(5);
    expect(snapshot.tokenRequests.byClient[OTHER_KEY]).toEqual({ requests: 5, issued: 0, rejected: 0 });
  });

  it('counts ids that are Object property names like any other id', () => {
    sut.recordRequest('POST /x', '__proto__');
    sut.recordRequest('POST /x', 'constructor');
    sut.recordTokenRequest('constructor');
    sut.recordTokenOutcome('constructor', 'issued');

    const snapshot = sut.snapshot();

    expect(Object.entries(snapshot.byIntegration)).toEqual([
      ['__proto__', 1],
      ['constructor', 1],
    ]);
    expect(Object.entries(snapshot.tokenRequests.byClient)).toEqual([
      ['constructor', { requests: 1, issued: 1, rejected: 0 }],
    ]);
  });
});
