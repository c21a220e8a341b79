import { Injectable, Logger } from '@nestjs/common';
import type { TenantAccess } from '../access/tenant-access.decorator';
import { PhoneNumbersService, PhoneNumberTakenException } from '../phone-numbers/phone-numbers.service';
import { CloudRequestError } from './cloud-request.error';
import { GraphApiClient } from './graph-api.client';
import type { WhatsAppOnboardingDto, WhatsAppOnboardingResultView } from './onboarding.dto';

/**
 * Completes WhatsApp Embedded Signup: exchanges the code for a business token, registers the
 * number for the Cloud API with its PIN, subscribes our app to the WABA's webhooks, then stores
 * the number with its token (encrypted). Nothing is stored unless every step succeeded.
 */
@Injectable()
export class WhatsAppOnboardingService {
  private readonly logger = new Logger(WhatsAppOnboardingService.name);

  constructor(
    private readonly graph: GraphApiClient,
    private readonly numbers: PhoneNumbersService,
  ) {}

  async complete(access: TenantAccess, input: WhatsAppOnboardingDto): Promise<WhatsAppOnboardingResultView> {
    await this.numbers.assertTenantExists(access);
    // Before the code is spent: a number of another tenant can never be taken over.
    if (await this.numbers.isTakenByAnotherTenant(access, input.phoneNumberId)) {
      throw new PhoneNumberTakenException();
    }
    const accessToken = await this.graph.exchangeCode(input.code);
    await this.graph.registerNumber(accessToken, input.phoneNumberId, input.pin);
    await this.graph.subscribeApp(accessToken, input.wabaId);
    const displayNumber =
      input.displayNumber ?? (await this.readDisplayNumber(accessToken, input.phoneNumberId));
    const phoneNumber = await this.numbers.saveOnboarded(access, {
      phoneNumberId: input.phoneNumberId,
      wabaId: input.wabaId,
      displayNumber,
      accessToken,
    });
    return { phoneNumber, steps: ['code exchanged', 'number registered', 'app subscribed to the WABA'] };
  }

  /** Best effort: a number without a display number still works (it can be set later). */
  private async readDisplayNumber(accessToken: string, phoneNumberId: string): Promise<string | null> {
    try {
      return await this.graph.displayNumber(accessToken, phoneNumberId);
    } catch (error) {
      if (!(error instanceof CloudRequestError)) throw error;
      this.logger.warn(`display number not read: ${error.message}`);
      return null;
    }
  }
}
