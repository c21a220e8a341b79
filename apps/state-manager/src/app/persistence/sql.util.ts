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
