import { Transactions, type TenantTx } from '@switchboard/backend-data-access-persistence';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { TenantNotFoundException, type TenantAccess } from '../access/tenant-access.decorator';
import { AuditTrail } from '../audit/audit-trail.service';
import { AuthTokenCache } from '../auth-cache/auth-token-cache.service';
import { isUniqueViolation, isUuid } from '../common/ids.util';
import { secretView } from '../common/secret-view.dto';
import { SecretCipher } from '../crypto/secret-cipher.service';
import { IntegrationsRepository } from '../integrations/integrations.repository';
import { LookupCache } from '../lookups/lookup-cache.service';
import { TenantRoutingRepository } from '../lookups/tenant-routing.repository';
import { TenantsRepository } from '../tenants/tenants.repository';
import type { PhoneNumberEntity } from './phone-number.entity';
import type {
  AccessTokenGrantView,
  CreatePhoneNumberDto,
  PhoneNumberListView,
  PhoneNumberView,
  UpdatePhoneNumberDto,
} from './phone-numbers.dto';
import { PhoneNumbersRepository, type PhoneNumberValues } from './phone-numbers.repository';

export const PHONE_NUMBER_ENTITY = 'phone-number';
const DEFAULT_THROUGHPUT_TIER = 80;

/** A number completed through WhatsApp Embedded Signup. */
export interface OnboardedPhoneNumber {
  readonly phoneNumberId: string;
  readonly wabaId: string;
  readonly displayNumber: string | null;
  readonly accessToken: string;
}

export class PhoneNumberNotFoundException extends NotFoundException {
  constructor() {
    super('phone number not found');
  }
}

export class PhoneNumberTakenException extends ConflictException {
  constructor() {
    super('this phone_number_id is already registered');
  }
}

@Injectable()
export class PhoneNumbersService {
  constructor(
    private readonly transactions: Transactions,
    private readonly tenants: TenantsRepository,
    private readonly numbers: PhoneNumbersRepository,
    private readonly integrations: IntegrationsRepository,
    private readonly routing: TenantRoutingRepository,
    private readonly cipher: SecretCipher,
    private readonly audit: AuditTrail,
    private readonly cache: LookupCache,
    private readonly tokenCache: AuthTokenCache,
  ) {}

  list(access: TenantAccess): Promise<PhoneNumberListView> {
    return this.transactions.inTenant(access.tenantId, async (tx) => {
      await this.requireTenant(tx);
      const [numbers, integrations] = await Promise.all([this.numbers.list(tx), this.integrations.list(tx)]);
      const integrationOf = new Map(integrations.map((it) => [it.numberId, it.integrationId]));
      return { items: numbers.map((number) => toView(number, integrationOf.get(number.id) ?? null)) };
    });
  }

  get(access: TenantAccess, numberId: string): Promise<PhoneNumberView> {
    return this.transactions.inTenant(access.tenantId, async (tx) => {
      const number = await this.require(tx, numberId);
      return this.view(tx, number);
    });
  }

  async create(access: TenantAccess, input: CreatePhoneNumberDto): Promise<PhoneNumberView> {
    const view = await this.transactions
      .inTenant(access.tenantId, async (tx) => {
        await this.requireTenant(tx);
        const id = randomUUID();
        const created = await this.numbers.insert(tx, id, {
          phoneNumberId: input.phoneNumberId,
          displayNumber: input.displayNumber ?? null,
          wabaId: input.wabaId,
          throughputTier: input.throughputTier ?? DEFAULT_THROUGHPUT_TIER,
          ...this.accessTokenColumns(id, input.accessToken ?? null),
        });
        const after = toView(created, null);
        await this.audit.record(tx, access.actor, {
          action: 'phone-number.created',
          entityType: PHONE_NUMBER_ENTITY,
          entityId: id,
          after,
        });
        return after;
      })
      .catch(rethrowTaken);
    await this.cache.invalidate({ phoneNumberIds: [view.phoneNumberId] });
    return view;
  }

  async update(
    access: TenantAccess,
    numberId: string,
    input: UpdatePhoneNumberDto,
  ): Promise<PhoneNumberView> {
    const view = await this.transactions.inTenant(access.tenantId, async (tx) => {
      const current = await this.require(tx, numberId);
      const before = await this.view(tx, current);
      const values: Partial<PhoneNumberValues> = {
        ...(input.displayNumber !== undefined && { displayNumber: input.displayNumber }),
        ...(input.wabaId !== undefined && { wabaId: input.wabaId }),
        ...(input.throughputTier !== undefined && { throughputTier: input.throughputTier }),
        ...(input.accessToken !== undefined && this.accessTokenColumns(current.id, input.accessToken)),
      };
      const updated = (await this.numbers.update(tx, current.id, values)) as PhoneNumberEntity;
      const after = toView(updated, before.integrationId);
      await this.audit.record(tx, access.actor, {
        action: 'phone-number.updated',
        entityType: PHONE_NUMBER_ENTITY,
        entityId: current.id,
        before,
        after,
      });
      return after;
    });
    await this.cache.invalidate({
      phoneNumberIds: [view.phoneNumberId],
      integrationIds: [view.integrationId],
    });
    if (input.accessToken !== undefined) this.tokenCache.forgetWhatsAppTokens([view.phoneNumberId]);
    return view;
  }

  async remove(access: TenantAccess, numberId: string): Promise<void> {
    const before = await this.transactions.inTenant(access.tenantId, async (tx) => {
      const current = await this.require(tx, numberId);
      const view = await this.view(tx, current);
      await this.numbers.delete(tx, current.id);
      await this.audit.record(tx, access.actor, {
        action: 'phone-number.deleted',
        entityType: PHONE_NUMBER_ENTITY,
        entityId: current.id,
        before: view,
      });
      return view;
    });
    await this.cache.invalidate({
      phoneNumberIds: [before.phoneNumberId],
      integrationIds: [before.integrationId],
    });
    this.tokenCache.forgetWhatsAppTokens([before.phoneNumberId]);
    this.tokenCache.forgetGenesysTokens([before.integrationId]);
  }

  /**
   * Stores a number after WhatsApp Embedded Signup: creates it, or updates the tenant's existing
   * number with the same phone_number_id (a repeated signup renews the token).
   */
  async saveOnboarded(access: TenantAccess, input: OnboardedPhoneNumber): Promise<PhoneNumberView> {
    const view = await this.transactions
      .inTenant(access.tenantId, async (tx) => {
        await this.requireTenant(tx);
        const existing = await this.numbers.findByPhoneNumberId(tx, input.phoneNumberId);
        const id = existing?.id ?? randomUUID();
        const values = {
          wabaId: input.wabaId,
          ...(input.displayNumber !== null && { displayNumber: input.displayNumber }),
          ...this.accessTokenColumns(id, input.accessToken),
        };
        const before = existing ? await this.view(tx, existing) : null;
        const saved = existing
          ? ((await this.numbers.update(tx, id, values)) as PhoneNumberEntity)
          : await this.numbers.insert(tx, id, {
              phoneNumberId: input.phoneNumberId,
              throughputTier: DEFAULT_THROUGHPUT_TIER,
              displayNumber: input.displayNumber,
              ...values,
            });
        const after = toView(saved, before?.integrationId ?? null);
        await this.audit.record(tx, access.actor, {
          action: 'onboarding.whatsapp.completed',
          entityType: PHONE_NUMBER_ENTITY,
          entityId: id,
          before,
          after,
        });
        return after;
      })
      .catch(rethrowTaken);
    await this.cache.invalidate({
      phoneNumberIds: [view.phoneNumberId],
      integrationIds: [view.integrationId],
    });
    this.tokenCache.forgetWhatsAppTokens([view.phoneNumberId]);
    return view;
  }

  /** 404 unless the tenant exists (checked before onboarding spends a one-time code). */
  assertTenantExists(access: TenantAccess): Promise<void> {
    return this.transactions.inTenant(access.tenantId, (tx) => this.requireTenant(tx));
  }

  /** Whether another tenant already owns this phone_number_id (checked before onboarding calls Meta). */
  async isTakenByAnotherTenant(access: TenantAccess, phoneNumberId: string): Promise<boolean> {
    const owner = await this.transactions.asPlatform((tx) =>
      this.routing.ownerOfPhoneNumber(tx, phoneNumberId),
    );
    return owner !== null && owner !== access.tenantId;
  }

  /** The number of the tenant, for onboarding: 404 when it is not one of the tenant's. */
  find(access: TenantAccess, numberId: string): Promise<PhoneNumberEntity> {
    return this.transactions.inTenant(access.tenantId, (tx) => this.require(tx, numberId));
  }

  /** Internal (auth-service): the decrypted access token of a number. */
  async accessToken(phoneNumberId: string): Promise<AccessTokenGrantView> {
    const tenantId = await this.transactions.asPlatform((tx) =>
      this.routing.ownerOfPhoneNumber(tx, phoneNumberId),
    );
    if (!tenantId) throw new PhoneNumberNotFoundException();
    return this.transactions.inTenant(tenantId, async (tx) => {
      const number = await this.numbers.findByPhoneNumberId(tx, phoneNumberId);
      if (!number?.accessTokenCiphertext)
        throw new NotFoundException('no access token stored for this number');
      const accessToken = this.cipher.decrypt(number.accessTokenCiphertext, accessTokenBinding(number.id));
      return { tenantId, accessToken };
    });
  }

  private accessTokenColumns(numberId: string, accessToken: string | null) {
    if (accessToken === null) {
      return { accessTokenCiphertext: null, accessTokenFingerprint: null, accessTokenSetAt: null };
    }
    return {
      accessTokenCiphertext: this.cipher.encrypt(accessToken, accessTokenBinding(numberId)),
      accessTokenFingerprint: this.cipher.fingerprint(accessToken),
      accessTokenSetAt: new Date(),
    };
  }

  private async view(tx: TenantTx, number: PhoneNumberEntity): Promise<PhoneNumberView> {
    const integration = await this.integrations.findByNumber(tx, number.id);
    return toView(number, integration?.integrationId ?? null);
  }

  private async requireTenant(tx: TenantTx): Promise<void> {
    if (!(await this.tenants.find(tx))) throw new TenantNotFoundException();
  }

  private async require(tx: TenantTx, numberId: string): Promise<PhoneNumberEntity> {
    await this.requireTenant(tx);
    const number = isUuid(numberId) ? await this.numbers.find(tx, numberId) : null;
    if (!number) throw new PhoneNumberNotFoundException();
    return number;
  }
}

export function accessTokenBinding(numberId: string) {
  return { table: 'phone_numbers', rowId: numberId, field: 'access_token' };
}

export function toView(number: PhoneNumberEntity, integrationId: string | null): PhoneNumberView {
  return {
    id: number.id,
    tenantId: number.tenantId,
    phoneNumberId: number.phoneNumberId,
    displayNumber: number.displayNumber,
    wabaId: number.wabaId,
    throughputTier: number.throughputTier,
    accessToken: secretView(number.accessTokenFingerprint, number.accessTokenSetAt),
    integrationId,
    createdAt: number.createdAt.toISOString(),
    updatedAt: number.updatedAt.toISOString(),
  };
}

function rethrowTaken(error: unknown): never {
  if (isUniqueViolation(error, 'phone_numbers_phone_number_id_key')) throw new PhoneNumberTakenException();
  throw error;
}
