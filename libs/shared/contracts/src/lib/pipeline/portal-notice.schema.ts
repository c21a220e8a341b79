import { z } from 'zod';

/** Payload on `portal.event` with type `portal.notice`: a fact for agents and admins to see. */
export const portalNoticeSchema = z.object({
  severity: z.enum(['info', 'warning', 'error']),
  /** Stable machine code, e.g. `whatsapp.system-error`. */
  code: z.string().min(1),
  message: z.string().min(1),
  phoneNumberId: z.string().optional(),
  customerWaId: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});

export type PortalNotice = z.infer<typeof portalNoticeSchema>;
