import { Injectable } from '@nestjs/common';

/** Resolves when the dependency is usable; rejects (or resolves false) when it is not. */
export type ReadinessCheck = () => Promise<boolean | void>;

/**
 * The dependencies a service needs to do its work. Modules that own a connection (database,
 * Redis, RabbitMQ) register a check here; `/health/ready` runs them all.
 */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  entries(): ReadonlyArray<[string, ReadinessCheck]> {
    return [...this.checks.entries()];
  }
}
