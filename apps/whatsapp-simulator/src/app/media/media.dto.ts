import { z } from 'zod';

/** The part of multer's file object the simulator reads (`@types/multer` is not installed). */
export interface UploadedMultipartFile {
  readonly buffer: Buffer;
  readonly mimetype: string;
  readonly size: number;
  readonly originalname: string;
}

/** Fields of a JSON preload; multipart preloads send `file`, `type` and these as form fields. */
export const preloadMediaSchema = z
  .object({
    mimeType: z.string().min(3).optional(),
    type: z.string().min(3).optional(),
    contentBase64: z.base64().optional(),
    text: z.string().optional(),
    phoneNumberId: z
      .string()
      .regex(/^\d{1,20}$/, 'must be digits')
      .optional(),
    filename: z.string().min(1).optional(),
  })
  .transform(({ type, mimeType, ...rest }) => ({ ...rest, mimeType: mimeType ?? type }));

export type PreloadMediaDto = z.output<typeof preloadMediaSchema>;
