import { z } from 'zod';
import { MAX_SPAN_MS } from '../common/bounds.constants';

const digits = z.string().regex(/^\d{1,20}$/, 'must be digits');

export const upsertPhoneNumberSchema = z.strictObject({
  phoneNumberId: digits,
  displayPhoneNumber: digits.optional(),
  wabaId: digits.optional(),
  webhookUrl: z.url({ protocol: /^https?$/ }).optional(),
  appSecret: z.string().min(1).optional(),
  accessToken: z.string().min(1).optional(),
});

export const registerTokenSchema = z
  .strictObject({
    phoneNumberId: digits.optional(),
    phoneNumberIds: z.array(digits).min(1).optional(),
    token: z.string().min(1).regex(/^\S+$/, 'must not contain spaces').optional(),
    expiresInSeconds: z
      .number()
      .int()
      .min(0)
      .max(MAX_SPAN_MS / 1000)
      .optional(),
  })
  .refine((body) => body.phoneNumberId !== undefined || body.phoneNumberIds !== undefined, {
    message: 'phoneNumberId or phoneNumberIds is required',
  })
  .transform(({ phoneNumberId, phoneNumberIds, ...rest }) => ({
    ...rest,
    phoneNumberIds: [...(phoneNumberIds ?? []), ...(phoneNumberId === undefined ? [] : [phoneNumberId])],
  }));

export const tokenActionSchema = z.strictObject({ token: z.string().min(1) });

export type UpsertPhoneNumberDto = z.infer<typeof upsertPhoneNumberSchema>;
export type RegisterTokenDto = z.output<typeof registerTokenSchema>;
export type TokenActionDto = z.infer<typeof tokenActionSchema>;
