import { Inject, Injectable } from '@nestjs/common';
import { BoundedMap } from '@switchboard/shared-util-collections';
import { randomBytes } from 'node:crypto';
import { SimulatorClock } from '../common/simulator-clock.service';
import { WHATSAPP_SIMULATOR_CONFIG, type WhatsAppSimulatorConfig } from '../config/whatsapp-simulator.config';
import { GraphApiException } from '../graph-errors/graph-api.exception';
import { PhoneNumbersService, type PhoneNumber } from '../phone-numbers/phone-numbers.service';
import type { MintSignupCodeDto } from './embedded-signup.dto';

interface SignupCode {
  readonly code: string;
  readonly phoneNumberId: string;
  readonly wabaId: string;
  readonly displayPhoneNumber: string;
  readonly accessToken?: string;
  readonly expiresAt: number;
  used: boolean;
}

export interface SignupCodeView {
  readonly code: string;
  readonly phoneNumberId: string;
  readonly wabaId: string;
  readonly displayPhoneNumber: string;
  readonly state: 'pending' | 'used' | 'expired';
  readonly expiresAt: string;
}

export interface Registration {
  readonly phoneNumberId: string;
  readonly registeredAt: string;
}

export interface Subscription {
  readonly wabaId: string;
  readonly appId: string;
  readonly subscribedAt: string;
}

/** The phone number object of `GET /{version}/{phone-number-id}` (subset of Meta's fields). */
export interface PhoneNumberObject {
  readonly id: string;
  readonly display_phone_number: string;
  readonly verified_name: string;
  readonly quality_rating: 'GREEN';
  readonly platform_type: 'CLOUD_API' | 'NOT_APPLICABLE';
  readonly throughput: { readonly level: 'STANDARD' };
}

/**
 * WhatsApp Embedded Signup as seen from the business's backend: a one-time authorization code
 * (minted here through the control API, as Meta would hand it to the signup popup) is exchanged
 * for a business token; the number is then registered for the Cloud API with a two-step PIN,
 * and the app subscribed to the WABA's webhooks. Error shapes of the exchange follow commonly
 * reported Graph OAuth errors [U].
 */
@Injectable()
export class EmbeddedSignupService {
  private readonly codes: BoundedMap<string, SignupCode>;
  private readonly pins: BoundedMap<string, string>;
  private readonly registrations: BoundedMap<string, Registration>;
  private readonly subscriptions: BoundedMap<string, Subscription>;

  constructor(
    @Inject(WHATSAPP_SIMULATOR_CONFIG) private readonly config: WhatsAppSimulatorConfig,
    private readonly clock: SimulatorClock,
    private readonly phoneNumbers: PhoneNumbersService,
  ) {
    this.codes = new BoundedMap(config.MAX_TOKENS);
    this.pins = new BoundedMap(config.MAX_PHONE_NUMBERS);
    this.registrations = new BoundedMap(config.MAX_PHONE_NUMBERS);
    this.subscriptions = new BoundedMap(config.MAX_PHONE_NUMBERS);
  }

  /** Control API: a code for a number (created, or moved to the WABA given, as signup does). */
  mintCode(input: MintSignupCodeDto): SignupCodeView {
    const number = this.phoneNumbers.upsert({
      phoneNumberId: input.phoneNumberId,
      wabaId: input.wabaId,
      displayPhoneNumber: input.displayPhoneNumber,
    });
    if (input.pin) this.pins.set(number.phoneNumberId, input.pin);
    else this.pins.delete(number.phoneNumberId);
    const code: SignupCode = {
      code: `AQ${randomBytes(24).toString('base64url')}`,
      phoneNumberId: number.phoneNumberId,
      wabaId: number.wabaId,
      displayPhoneNumber: number.displayPhoneNumber,
      accessToken: input.accessToken,
      expiresAt: this.clock.now() + input.expiresInSeconds * 1000,
      used: false,
    };
    this.codes.set(code.code, code);
    return this.codeView(code);
  }

  /** The phone number a pending code is for (fault matching); undefined when unknown. */
  phoneNumberOfCode(code: string | undefined): string | undefined {
    return code === undefined ? undefined : this.codes.get(code)?.phoneNumberId;
  }

  /** `GET /{version}/oauth/access_token`: client_id and client_secret of the app, then a one-time code. */
  exchange(clientId: string | undefined, clientSecret: string | undefined, code: string | undefined) {
    if (!clientId) throw GraphApiException.missing('client_id');
    if (clientId !== this.config.APP_ID) {
      throw GraphApiException.of(101, {
        httpStatus: 400,
        type: 'OAuthException',
        message: 'Error validating application. Invalid application ID.',
      });
    }
    if (!clientSecret) throw GraphApiException.missing('client_secret');
    if (clientSecret !== this.config.APP_SECRET) {
      throw GraphApiException.of(1, {
        httpStatus: 400,
        type: 'OAuthException',
        message: 'Error validating client secret.',
      });
    }
    if (!code) throw GraphApiException.missing('code');
    const signup = this.codes.get(code);
    if (!signup) throw oauthCodeError(36008, 'Invalid verification code format.');
    if (signup.used) throw oauthCodeError(36009, 'This authorization code has been used.');
    if (signup.expiresAt <= this.clock.now())
      throw oauthCodeError(36007, 'This authorization code has expired.');
    signup.used = true;
    const token = this.phoneNumbers.registerToken({
      phoneNumberIds: [signup.phoneNumberId],
      token: signup.accessToken,
    });
    return { access_token: token.token, token_type: 'bearer' };
  }

  /** `POST /{version}/{phone-number-id}/register` {messaging_product, pin}: the token must cover the number. */
  register(authorization: string | undefined, phoneNumberId: string, body: unknown): { success: true } {
    this.phoneNumbers.authorize(authorization, phoneNumberId);
    const payload = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    if (payload['messaging_product'] === undefined) throw GraphApiException.missing('messaging_product');
    if (payload['messaging_product'] !== 'whatsapp') {
      throw GraphApiException.invalid('messaging_product', "must be 'whatsapp'");
    }
    const pin = payload['pin'];
    if (pin === undefined) throw GraphApiException.missing('pin');
    if (typeof pin !== 'string' || !/^\d{6}$/.test(pin))
      throw GraphApiException.invalid('pin', 'must be 6 digits');
    const existingPin = this.pins.get(phoneNumberId);
    if (existingPin !== undefined && existingPin !== pin) throw GraphApiException.of(133005);
    this.pins.set(phoneNumberId, pin);
    this.registrations.set(phoneNumberId, { phoneNumberId, registeredAt: this.clock.isoNow() });
    return { success: true };
  }

  /** `POST /{version}/{waba-id}/subscribed_apps`: the token must cover a number of the WABA. */
  subscribe(authorization: string | undefined, wabaId: string): { success: true } {
    const numbers = this.phoneNumbers.tokenPhoneNumbers(authorization);
    if (!numbers.some((number) => number.wabaId === wabaId))
      throw GraphApiException.unknownObject(wabaId, 'post');
    this.subscriptions.set(wabaId, { wabaId, appId: this.config.APP_ID, subscribedAt: this.clock.isoNow() });
    return { success: true };
  }

  /** `GET /{version}/{phone-number-id}` for a known number (the media route asks here first). */
  phoneNumberObject(number: PhoneNumber): PhoneNumberObject {
    return {
      id: number.phoneNumberId,
      display_phone_number: number.displayPhoneNumber,
      verified_name: 'Simulated Business',
      quality_rating: 'GREEN',
      platform_type: this.registrations.has(number.phoneNumberId) ? 'CLOUD_API' : 'NOT_APPLICABLE',
      throughput: { level: 'STANDARD' },
    };
  }

  state() {
    return {
      codes: this.codes.values().map((code) => this.codeView(code)),
      registrations: this.registrations.values(),
      subscriptions: this.subscriptions.values(),
    };
  }

  reset(): void {
    this.codes.clear();
    this.pins.clear();
    this.registrations.clear();
    this.subscriptions.clear();
  }

  private codeView(code: SignupCode): SignupCodeView {
    return {
      code: code.code,
      phoneNumberId: code.phoneNumberId,
      wabaId: code.wabaId,
      displayPhoneNumber: code.displayPhoneNumber,
      state: code.used ? 'used' : code.expiresAt <= this.clock.now() ? 'expired' : 'pending',
      expiresAt: new Date(code.expiresAt).toISOString(),
    };
  }
}

function oauthCodeError(subcode: number, message: string): GraphApiException {
  return GraphApiException.of(100, { httpStatus: 400, type: 'OAuthException', subcode, message });
}
