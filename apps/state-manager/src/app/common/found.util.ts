import { NotFoundException } from '@nestjs/common';

/** The value, or 404 with the reason (unknown, or another tenant's: the same answer). */
export function found<T>(value: T | null, reason: string): T {
  if (value === null) throw new NotFoundException(reason);
  return value;
}
