import { BadRequestException } from '@nestjs/common';
import { recordMessageRequestSchema } from '@switchboard/shared-contracts';
import { z } from 'zod';
import { ZodValidationPipe } from './zod-validation.pipe';

function rejection(run: () => unknown): { message: string[] } {
  try {
    run();
  } catch (error) {
    if (error instanceof BadRequestException) return error.getResponse() as { message: string[] };
    throw error;
  }
  throw new Error('expected a BadRequestException');
}

describe(ZodValidationPipe.name, () => {
  it('passes a valid value through as parsed', () => {
    const sut = new ZodValidationPipe(z.object({ limit: z.coerce.number() }), 'query');

    expect(sut.transform({ limit: '5' })).toEqual({ limit: 5 });
  });

  it('names every invalid field with its path and the reason', () => {
    const sut = new ZodValidationPipe(recordMessageRequestSchema, 'body');

    const { message } = rejection(() =>
      sut.transform({
        direction: 'sideways',
        whatsappMessageId: 'wamid.1',
        genesysMessageId: '',
        integrationId: 'i',
        phoneNumberId: 'p',
        customerWaId: 'c',
        at: 'yesterday',
      }),
    );

    expect(message).toEqual([
      expect.stringMatching(/^body\.direction: /),
      expect.stringMatching(/^body\.genesysMessageId: /),
      expect.stringMatching(/^body\.at: /),
    ]);
  });

  it('rejects a missing body', () => {
    const sut = new ZodValidationPipe(recordMessageRequestSchema, 'body');

    expect(rejection(() => sut.transform(undefined)).message).toEqual([expect.stringMatching(/^body: /)]);
  });
});
