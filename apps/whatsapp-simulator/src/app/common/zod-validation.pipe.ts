import { BadRequestException, PipeTransform } from '@nestjs/common';
import { z } from 'zod';

/**
 * Validates a control API body or query against a zod schema. The Graph routes do not use it:
 * they answer Meta-style error bodies (see `message-request.validator.ts`).
 */
export class ZodValidationPipe<TSchema extends z.ZodType> implements PipeTransform<
  unknown,
  z.output<TSchema>
> {
  constructor(private readonly schema: TSchema) {}

  transform(value: unknown): z.output<TSchema> {
    const result = this.schema.safeParse(value ?? {});
    if (!result.success) {
      throw new BadRequestException({
        statusCode: 400,
        message: 'invalid control request',
        issues: result.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`),
      });
    }
    return result.data;
  }
}
