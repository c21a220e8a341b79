import { Injectable } from '@nestjs/common';

/**
 * Wall clock with an adjustable offset, so that tests can jump past expiries (media URLs, media
 * lifetimes, tokens, fault durations) without waiting. Timers (retries, auto statuses) use real time.
 */
@Injectable()
export class SimulatorClock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  unixSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  isoNow(): string {
    return new Date(this.now()).toISOString();
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  get offset(): number {
    return this.offsetMs;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
