import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { SimulatorClock } from '../common/simulator-clock.service';
import { WHATSAPP_SIMULATOR_CONFIG, type WhatsAppSimulatorConfig } from '../config/whatsapp-simulator.config';
import { GraphApiException } from '../graph-errors/graph-api.exception';

export interface PhoneNumber {
  readonly phoneNumberId: string;
  readonly displayPhoneNumber: string;
  readonly wabaId: string;
  readonly webhookUrl?: string;
  readonly appSecret?: string;
}

export type TokenState = 'active' | 'revoked' | 'expired';

export interface AccessTokenView {
  readonly token: string;
  readonly phoneNumberIds: string[];
  readonly state: TokenState;
  readonly expiresAt?: string;
}

interface AccessToken {
  readonly token: string;
  readonly phoneNumberIds: Set<string>;
  revoked: boolean;
  expiresAt?: number;
}

export interface PhoneNumberInput {
  readonly phoneNumberId: string;
  readonly displayPhoneNumber?: string;
  readonly wabaId?: string;
  readonly webhookUrl?: string;
  readonly appSecret?: string;
  readonly accessToken?: string;
}

/** The business number a webhook is for; unregistered ids are allowed (negative tests). */
export interface WebhookTarget {
  readonly phoneNumberId?: string;
  readonly displayPhoneNumber?: string;
  readonly wabaId?: string;
}

export interface TokenInput {
  readonly phoneNumberIds: readonly string[];
  readonly token?: string;
  readonly expiresInSeconds?: number;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The business phone numbers this simulated Graph knows and the access tokens that may use them. */
@Injectable()
export class PhoneNumbersService {
  private readonly numbers = new Map<string, PhoneNumber>();
  private readonly tokens = new Map<string, AccessToken>();

  constructor(
    @Inject(WHATSAPP_SIMULATOR_CONFIG) private readonly config: WhatsAppSimulatorConfig,
    private readonly clock: SimulatorClock,
  ) {
    this.seed();
  }

  reset(): void {
    this.numbers.clear();
    this.tokens.clear();
    this.seed();
  }

  list(): PhoneNumber[] {
    return [...this.numbers.values()];
  }

  find(phoneNumberId: string): PhoneNumber | undefined {
    return this.numbers.get(phoneNumberId);
  }

  /** The number to use when a control request names none: the first seeded one. */
  defaultPhoneNumber(): PhoneNumber {
    const [first] = this.numbers.values();
    if (!first) throw new NotFoundException('no phone number is registered');
    return first;
  }

  resolve(phoneNumberId: string | undefined): PhoneNumber {
    if (phoneNumberId === undefined) return this.defaultPhoneNumber();
    const phoneNumber = this.numbers.get(phoneNumberId);
    if (!phoneNumber) throw new NotFoundException(`phone number ${phoneNumberId} is not registered`);
    return phoneNumber;
  }

  /** The identity a webhook carries: a registered number (or the default one), with overrides. */
  webhookIdentity(target: WebhookTarget): PhoneNumber {
    const registered =
      target.phoneNumberId === undefined ? this.defaultPhoneNumber() : this.numbers.get(target.phoneNumberId);
    const base = registered ?? {
      phoneNumberId: target.phoneNumberId as string,
      displayPhoneNumber: `1555${(target.phoneNumberId as string).slice(-7)}`,
      wabaId: this.config.WABA_ID,
    };
    return {
      ...base,
      displayPhoneNumber: target.displayPhoneNumber ?? base.displayPhoneNumber,
      wabaId: target.wabaId ?? base.wabaId,
    };
  }

  upsert(input: PhoneNumberInput): PhoneNumber {
    const existing = this.numbers.get(input.phoneNumberId);
    if (!existing && this.numbers.size >= this.config.MAX_PHONE_NUMBERS) {
      throw new ConflictException(
        `at most ${this.config.MAX_PHONE_NUMBERS} phone numbers (MAX_PHONE_NUMBERS)`,
      );
    }
    const phoneNumber: PhoneNumber = {
      phoneNumberId: input.phoneNumberId,
      displayPhoneNumber:
        input.displayPhoneNumber ?? existing?.displayPhoneNumber ?? `1555${input.phoneNumberId.slice(-7)}`,
      wabaId: input.wabaId ?? existing?.wabaId ?? this.config.WABA_ID,
      webhookUrl: input.webhookUrl ?? existing?.webhookUrl,
      appSecret: input.appSecret ?? existing?.appSecret,
    };
    this.numbers.set(phoneNumber.phoneNumberId, phoneNumber);
    if (input.accessToken)
      this.registerToken({ phoneNumberIds: [phoneNumber.phoneNumberId], token: input.accessToken });
    return phoneNumber;
  }

  listTokens(): AccessTokenView[] {
    return [...this.tokens.values()].map((token) => this.view(token));
  }

  /** Registers a token (a new random one unless given) for phone numbers, or extends an existing one. */
  registerToken(input: TokenInput): AccessTokenView {
    for (const phoneNumberId of input.phoneNumberIds) this.resolve(phoneNumberId);
    const value = input.token ?? `EAAsim${randomBytes(24).toString('base64url')}`;
    let token = this.tokens.get(value);
    if (!token) {
      if (this.tokens.size >= this.config.MAX_TOKENS) {
        throw new ConflictException(`at most ${this.config.MAX_TOKENS} tokens (MAX_TOKENS); reset first`);
      }
      token = { token: value, phoneNumberIds: new Set(), revoked: false };
      this.tokens.set(value, token);
    }
    for (const phoneNumberId of input.phoneNumberIds) token.phoneNumberIds.add(phoneNumberId);
    token.revoked = false;
    token.expiresAt =
      input.expiresInSeconds === undefined ? undefined : this.clock.now() + input.expiresInSeconds * 1000;
    return this.view(token);
  }

  revokeToken(value: string): AccessTokenView {
    const token = this.getToken(value);
    token.revoked = true;
    return this.view(token);
  }

  expireToken(value: string): AccessTokenView {
    const token = this.getToken(value);
    token.expiresAt = this.clock.now();
    return this.view(token);
  }

  /**
   * Checks the `Authorization: Bearer` header like Graph: a missing, unknown, revoked or expired
   * token is 401 / code 190. A valid token that may not use the phone number gets the same answer
   * as an unknown object (400 / code 100), since Graph cannot tell the two apart either.
   *
   * @param phoneNumberId the number the request acts for, if known (unknown for unowned media)
   * @param objectId the object named in the error; the phone number unless it is a media id
   */
  authorize(
    authorization: string | undefined,
    phoneNumberId?: string,
    objectId: string | undefined = phoneNumberId,
    method: 'get' | 'post' | 'delete' = 'post',
  ): void {
    const value = BEARER.exec(authorization ?? '')?.[1];
    if (!value) {
      throw GraphApiException.unauthorized(
        'An active access token must be used to query information about the current user.',
      );
    }
    const token = this.tokens.get(value);
    if (!token)
      throw GraphApiException.unauthorized('Invalid OAuth access token - Cannot parse access token');
    if (token.revoked) {
      throw GraphApiException.unauthorized(
        'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.',
      );
    }
    if (this.isExpired(token))
      throw GraphApiException.unauthorized('Error validating access token: Session has expired.');
    if (
      phoneNumberId !== undefined &&
      (!this.numbers.has(phoneNumberId) || !token.phoneNumberIds.has(phoneNumberId))
    ) {
      throw GraphApiException.unknownObject(objectId ?? phoneNumberId, method);
    }
  }

  /**
   * The numbers a valid bearer token may act for (401 / code 190 like {@link authorize} when the
   * token is missing, unknown, revoked or expired). Used for WABA-level calls.
   */
  tokenPhoneNumbers(authorization: string | undefined): PhoneNumber[] {
    this.authorize(authorization);
    const token = this.tokens.get(BEARER.exec(authorization ?? '')?.[1] ?? '') as AccessToken;
    return [...token.phoneNumberIds]
      .map((id) => this.numbers.get(id))
      .filter((number): number is PhoneNumber => number !== undefined);
  }

  private seed(): void {
    for (const seed of this.config.SEED_PHONE_NUMBERS) {
      this.upsert({ ...seed, wabaId: seed.wabaId ?? this.config.WABA_ID });
    }
  }

  private getToken(value: string): AccessToken {
    const token = this.tokens.get(value);
    if (!token) throw new NotFoundException('unknown token');
    return token;
  }

  private isExpired(token: AccessToken): boolean {
    return token.expiresAt !== undefined && token.expiresAt <= this.clock.now();
  }

  private view(token: AccessToken): AccessTokenView {
    return {
      token: token.token,
      phoneNumberIds: [...token.phoneNumberIds],
      state: token.revoked ? 'revoked' : this.isExpired(token) ? 'expired' : 'active',
      ...(token.expiresAt === undefined ? {} : { expiresAt: new Date(token.expiresAt).toISOString() }),
    };
  }
}
