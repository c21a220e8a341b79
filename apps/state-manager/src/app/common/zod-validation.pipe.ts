import { BadRequestException, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/**
 * Validates a body, query or path parameter against a zod schema of the contracts: 400 naming
 * each invalid field (its path under `where`) and the reason.
 */
export class ZodValidationPipe<TSchema extends z.ZodType> implements PipeTransform<
  unknown,
  z.output<TSchema>
> {
  constructor(
    private readonly schema: TSchema,
    /** Where the value comes from, as the first part of every field path: `body`, `query`, `tenantId`. */
    private readonly where: string,
  ) {}

  transform(value: unknown): z.output<TSchema> {
    const result = this.schema.safeParse(value);
    if (!result.success) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: result.error.issues.map(
          (issue) => `${[this.where, ...issue.path.map(String)].join('.')}: ${issue.message}`,
        ),
      });
    }
    return result.data;
  }
}
