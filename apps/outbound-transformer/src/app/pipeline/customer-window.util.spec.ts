import { isCustomerWindowOpen } from './customer-window.util';

describe(isCustomerWindowOpen.name, () => {
  const now = new Date('2026-01-02T12:00:00.000Z');

  it('is open while the customer wrote less than the window ago', () => {
    expect(isCustomerWindowOpen('2026-01-02T11:59:00.000Z', now, 24)).toBe(true);
    expect(isCustomerWindowOpen('2026-01-01T12:00:00.001Z', now, 24)).toBe(true);
  });

  it('is closed from the moment the window has passed', () => {
    expect(isCustomerWindowOpen('2026-01-01T12:00:00.000Z', now, 24)).toBe(false);
    expect(isCustomerWindowOpen('2025-12-30T12:00:00.000Z', now, 24)).toBe(false);
  });

  it('follows the configured length', () => {
    expect(isCustomerWindowOpen('2026-01-02T09:00:00.000Z', now, 2)).toBe(false);
    expect(isCustomerWindowOpen('2026-01-02T11:00:00.000Z', now, 2)).toBe(true);
  });

  it('is closed when the customer never wrote or the time is unreadable', () => {
    expect(isCustomerWindowOpen(null, now, 24)).toBe(false);
    expect(isCustomerWindowOpen('yesterday', now, 24)).toBe(false);
  });

  it('counts a time slightly ahead of our clock as now', () => {
    expect(isCustomerWindowOpen('2026-01-02T12:00:05.000Z', now, 24)).toBe(true);
  });
});
