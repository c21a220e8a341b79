import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { request } from 'undici';
import { PhoneNumbersService } from '../phone-numbers/phone-numbers.service';
import { WebhookDeliveryService } from './webhook-delivery.service';

export interface VerificationRequest {
  readonly url?: string;
  readonly phoneNumberId?: string;
  readonly verifyToken?: string;
  readonly challenge?: string;
  readonly mode?: string;
}

export interface VerificationResult {
  readonly url: string;
  readonly challenge: string;
  readonly statusCode?: number;
  readonly body?: string;
  readonly error?: string;
  /** True when the answer was HTTP 200 with exactly the challenge as body, as Meta requires. */
  readonly challengeEchoed: boolean;
}

/** Performs Meta's subscription handshake (spec A1): GET with hub.mode, hub.challenge, hub.verify_token. */
@Injectable()
export class WebhookVerificationService {
  constructor(
    private readonly deliveries: WebhookDeliveryService,
    private readonly phoneNumbers: PhoneNumbersService,
  ) {}

  async verify(input: VerificationRequest): Promise<VerificationResult> {
    const settings = this.deliveries.settings();
    const phoneNumber =
      input.phoneNumberId === undefined ? undefined : this.phoneNumbers.resolve(input.phoneNumberId);
    const target = new URL(input.url ?? phoneNumber?.webhookUrl ?? settings.url);
    const challenge = input.challenge ?? String(randomInt(100_000_000, 2_000_000_000));
    target.searchParams.set('hub.mode', input.mode ?? 'subscribe');
    target.searchParams.set('hub.challenge', challenge);
    target.searchParams.set('hub.verify_token', input.verifyToken ?? settings.verifyToken);
    const url = target.toString();
    try {
      const response = await request(url, {
        method: 'GET',
        headersTimeout: settings.timeoutMs,
        bodyTimeout: settings.timeoutMs,
      });
      const body = await response.body.text();
      return {
        url,
        challenge,
        statusCode: response.statusCode,
        body: body.slice(0, 1000),
        challengeEchoed: response.statusCode === 200 && body === challenge,
      };
    } catch (error) {
      return {
        url,
        challenge,
        error: error instanceof Error ? error.message : String(error),
        challengeEchoed: false,
      };
    }
  }
}
