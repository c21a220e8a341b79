import type { PoolClient } from 'pg';
import { QueryFailedError, type EntityManager } from 'typeorm';

const UNIQUE_VIOLATION = '23505';

interface PostgresDriverError {
  readonly code?: string;
  readonly constraint?: string;
}

/** The statement broke a unique index: which one, or undefined for any other failure. */
export function violatedUniqueIndex(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driverError = error.driverError as PostgresDriverError | undefined;
  return driverError?.code === UNIQUE_VIOLATION ? (driverError.constraint ?? 'unknown') : undefined;
}

/** The RETURNING rows of an UPDATE or DELETE (TypeORM answers those as `[rows, rowCount]`). */
export async function updateReturning<T>(
  manager: EntityManager,
  sql: string,
  parameters: readonly unknown[],
): Promise<T[]> {
  const [rows] = (await manager.query(sql, [...parameters])) as [T[], number];
  return rows;
}

/**
 * Runs a named prepared statement on the transaction's own connection: PostgreSQL parses and
 * plans it once per connection instead of on every call (for statements on the hot path).
 * Failures are QueryFailedErrors, as from `manager.query`.
 */
export async function preparedQuery<T>(
  manager: EntityManager,
  name: string,
  text: string,
  parameters: readonly unknown[],
): Promise<T[]> {
  if (!manager.queryRunner) throw new Error(`prepared statement ${name} needs a transaction`);
  const client = (await manager.queryRunner.connect()) as PoolClient;
  try {
    return (await client.query({ name, text, values: [...parameters] })).rows as T[];
  } catch (error) {
    throw new QueryFailedError(text, [...parameters], error as Error);
  }
}

/**
 * Runs a whole transaction again when it lost a race on a unique index (another transaction
 * inserted the same row first): the next run sees the winner's row and takes the other path.
 */
export async function retryOnUniqueViolation<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || violatedUniqueIndex(error) === undefined) throw error;
    }
  }
}
