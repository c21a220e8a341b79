const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Meta ids (phone_number_id, WABA id) are decimal digits. */
export const META_ID_PATTERN = /^\d{1,20}$/;

/** Genesys entity ids are UUIDs; other printable ids are accepted but kept short and safe for paths. */
export const GENESYS_ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;

/** Postgres `unique_violation`. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
  const candidate = driverError ?? (error as { code?: string; constraint?: string });
  return candidate?.code === '23505' && (constraint === undefined || candidate.constraint === constraint);
}
