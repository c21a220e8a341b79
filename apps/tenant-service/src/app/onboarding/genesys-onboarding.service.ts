import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { isGenesysRegion } from '@switchboard/shared-contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import type { TenantAccess } from '../access/tenant-access.decorator';
import { IntegrationsService } from '../integrations/integrations.service';
import { GenesysCloudClient, type GenesysSession } from './genesys-cloud.client';
import type { GenesysOnboardingDto, GenesysOnboardingResultView } from './onboarding.dto';

/** 32 random bytes, base64url: 43 characters, far above Genesys's "more than 15". */
export function newWebhookSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Connects a number to the tenant's Genesys organisation: logs in with the tenant's OAuth client
 * (proving the credentials), then updates the number's Open Messaging integration (URL and the
 * secret we hold) or creates one. Genesys assigns the id, and our webhook URL contains it, so a
 * new integration is created with a placeholder URL and patched with the real one at once; if
 * that fails it is deleted again. The tenant's credentials and the secret are stored encrypted.
 */
@Injectable()
export class GenesysOnboardingService {
  constructor(
    private readonly genesys: GenesysCloudClient,
    private readonly integrations: IntegrationsService,
  ) {}

  async complete(access: TenantAccess, input: GenesysOnboardingDto): Promise<GenesysOnboardingResultView> {
    if (!isGenesysRegion(input.region)) throw new BadRequestException('region must be a Genesys region');
    const { number, integration: existing } = await this.integrations.existing(access, input.numberId);
    const session = await this.genesys.login(input.region, input.clientId, input.clientSecret);
    const name = `Switchboard WhatsApp ${number.displayNumber ?? number.phoneNumberId}`;

    let integrationId: string | null = null;
    let webhookSecret = existing?.webhookSecret ?? newWebhookSecret();
    if (existing) {
      const updated = await this.genesys.updateIntegration(session, existing.integrationId, {
        name,
        outboundNotificationWebhookUrl: this.integrations.webhookUrl(existing.integrationId),
        outboundNotificationWebhookSignatureSecretToken: existing.webhookSecret,
      });
      if (updated) integrationId = existing.integrationId;
      else webhookSecret = newWebhookSecret(); // gone, or in another organisation: create anew
    }
    const action = integrationId ? 'updated' : 'created';
    if (!integrationId) integrationId = await this.create(access, session, name, webhookSecret);

    const integration = await this.integrations.saveOnboarded(access, number.id, input.region, {
      integrationId,
      clientId: input.clientId,
      clientSecret: input.clientSecret,
      webhookSecret,
    });
    return { integration, action };
  }

  private async create(
    access: TenantAccess,
    session: GenesysSession,
    name: string,
    secret: string,
  ): Promise<string> {
    const id = await this.genesys.createIntegration(session, {
      name,
      outboundNotificationWebhookUrl: this.integrations.webhookUrl(`pending-${randomUUID()}`),
      outboundNotificationWebhookSignatureSecretToken: secret,
    });
    try {
      if (await this.integrations.isTakenByAnotherTenant(access, id)) {
        throw new ConflictException('Genesys returned an integration id registered to another tenant');
      }
      const patched = await this.genesys.updateIntegration(session, id, {
        outboundNotificationWebhookUrl: this.integrations.webhookUrl(id),
      });
      if (!patched)
        throw new ConflictException('the new Genesys integration vanished before its URL was set');
      return id;
    } catch (error) {
      await this.genesys.deleteIntegration(session, id);
      throw error;
    }
  }
}
