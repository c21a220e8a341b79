import { Injectable } from '@nestjs/common';
import { type Resettable, SimulatorStateService } from './simulator-state.service';

/**
 * The simulator's notion of "now". Token expiry, threading windows and timed faults use it, so
 * a test can move time forward instead of waiting hours.
 */
@Injectable()
export class ClockService implements Resettable {
  private offsetMs = 0;

  constructor(registry: SimulatorStateService) {
    registry.register(this);
  }

  now(): number {
    return Date.now() + this.offsetMs;
  }

  nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  advance(milliseconds: number): void {
    this.offsetMs += milliseconds;
  }

  get offsetMilliseconds(): number {
    return this.offsetMs;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
