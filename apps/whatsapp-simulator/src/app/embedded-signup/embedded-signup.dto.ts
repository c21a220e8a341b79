import { z } from 'zod';

const digits = z.string().regex(/^\d{1,20}$/, 'must be digits');

/** Lifetime of an authorization code unless the control request says otherwise ([U]: Meta's is short). */
export const DEFAULT_CODE_TTL_SECONDS = 600;

/** `POST /control/signup-codes`: what a business finishing Embedded Signup would hand our front end. */
export const mintSignupCodeSchema = z.strictObject({
  phoneNumberId: digits,
  wabaId: digits.optional(),
  displayPhoneNumber: digits.optional(),
  /** The business token the exchange returns (random unless given). */
  accessToken: z.string().min(1).regex(/^\S+$/, 'must not contain spaces').optional(),
  /** A two-step verification PIN the number already has: registering with another one fails (133005). */
  pin: z
    .string()
    .regex(/^\d{6}$/, 'must be 6 digits')
    .optional(),
  expiresInSeconds: z.number().int().min(1).max(86_400).default(DEFAULT_CODE_TTL_SECONDS),
});

export type MintSignupCodeDto = z.output<typeof mintSignupCodeSchema>;
