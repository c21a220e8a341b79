import { Algorithm, hash, parseOptions, verify } from '@node-rs/argon2';
import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';

/** argon2id parameters (OWASP's first recommendation: 19 MiB, 2 passes, 1 lane). */
export const PASSWORD_HASH_PARAMETERS = {
  algorithm: Algorithm.Argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const MIN_PASSWORD_LENGTH = 12;
/** Long enough for any passphrase, short enough that hashing stays cheap. */
export const MAX_PASSWORD_LENGTH = 256;

/**
 * Hashes and verifies passwords with argon2id. `verifyOrDummy` spends the same work when there
 * is no user to compare against, so an unknown email and a wrong password take about as long.
 */
@Injectable()
export class PasswordHasher {
  private dummyHash: Promise<string> | undefined;

  hash(password: string): Promise<string> {
    return hash(password, PASSWORD_HASH_PARAMETERS);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false; // a malformed stored hash never lets anyone in
    }
  }

  /** Verifies against `passwordHash`, or against a dummy hash (always false) when there is none. */
  async verifyOrDummy(passwordHash: string | undefined, password: string): Promise<boolean> {
    if (passwordHash === undefined) {
      await this.verify(await this.dummy(), password);
      return false;
    }
    return this.verify(passwordHash, password);
  }

  /** True when the stored hash was made with other parameters than today's (rehash after login). */
  needsRehash(passwordHash: string): boolean {
    try {
      const used = parseOptions(passwordHash);
      return (
        used.algorithm !== PASSWORD_HASH_PARAMETERS.algorithm ||
        used.memoryCost !== PASSWORD_HASH_PARAMETERS.memoryCost ||
        used.timeCost !== PASSWORD_HASH_PARAMETERS.timeCost ||
        used.parallelism !== PASSWORD_HASH_PARAMETERS.parallelism
      );
    } catch {
      return true;
    }
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hash(randomBytes(32).toString('base64url'));
    return this.dummyHash;
  }
}
