import { HttpException } from '@nestjs/common';
import { z } from 'zod';
import { formatFieldPath, parseRequest } from './validation.util';

describe(parseRequest.name, () => {
  const schema = z.object({
    channel: z.object({ from: z.object({ id: z.string() }) }),
    list: z.array(z.int()),
  });

  it('returns the parsed value', () => {
    expect(parseRequest(schema, { channel: { from: { id: 'x' } }, list: [1] })).toEqual({
      channel: { from: { id: 'x' } },
      list: [1],
    });
  });

  it('throws a 400 whose message names every missing or invalid field', () => {
    try {
      parseRequest(schema, { channel: { from: {} }, list: [1, 'two'] });
      throw new Error('expected a 400');
    } catch (error) {
      expect(error).toBeInstanceOf(HttpException);
      expect((error as HttpException).getStatus()).toBe(400);
      expect((error as HttpException).message).toMatch(/^channel\.from\.id: is required; list\[1\]: /);
    }
  });

  it('writes array indexes in brackets', () => {
    expect(formatFieldPath(['content', 0, 'attachment', 'url'])).toBe('content[0].attachment.url');
  });
});
