import { Param, Query, type PipeTransform } from '@nestjs/common';
import { setContextTenant } from '@switchboard/backend-util-observability';
import { z } from 'zod';
import { ZodValidationPipe } from '../common/zod-validation.pipe';

/** Longest id accepted in a path or query (WhatsApp and Genesys ids are far shorter). */
const MAX_ID_LENGTH = 512;

const id = z.string().min(1).max(MAX_ID_LENGTH);

/** Validates the tenant of the path (a UUID, as tenant-service issues) and puts it on the request's logs. */
class TenantIdPipe implements PipeTransform<unknown, string> {
  private readonly validation = new ZodValidationPipe(z.uuid({ error: 'must be a UUID' }), 'tenantId');

  transform(value: unknown): string {
    const tenantId = this.validation.transform(value);
    setContextTenant(tenantId);
    return tenantId;
  }
}

/** The tenant every query of the route is scoped to. */
export const TenantIdParam = () => Param('tenantId', new TenantIdPipe());

/** A WhatsApp or Genesys id in the path. */
export const IdParam = (name: string) => Param(name, new ZodValidationPipe(id, name));

export const customerQuerySchema = z.object({ phoneNumberId: id, customerWaId: id });
export type CustomerQueryValue = z.infer<typeof customerQuerySchema>;

export const CustomerQuery = () => Query(new ZodValidationPipe(customerQuerySchema, 'query'));
