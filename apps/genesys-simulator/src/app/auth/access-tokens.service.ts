import { Inject, Injectable, Logger } from '@nestjs/common';
import { GENESYS_SIMULATOR_CONFIG, type GenesysSimulatorConfig } from '../config/genesys-simulator.config';
import { BoundedMap } from '@switchboard/shared-util-collections';
import { ClockService } from '../core/clock.service';
import { newAccessToken } from '../core/ids.util';
import { type Resettable, SimulatorStateService } from '../core/simulator-state.service';
import type { OAuthClient } from './oauth-clients.service';

/** The client (and through it the organisation) a bearer token was issued to. */
export interface AuthenticatedClient {
  readonly clientId: string;
  readonly organizationId: string;
}

export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
}

export type TokenCheck =
  | { readonly valid: true; readonly client: AuthenticatedClient }
  | { readonly valid: false; readonly reason: 'unknown' | 'expired' | 'revoked' };

/** Which tokens a control action applies to: one token, every token of a client, or all tokens. */
export type TokenSelector =
  { readonly token: string } | { readonly clientId: string } | { readonly all: true };

export interface ClientTokenSummary {
  active: number;
  expired: number;
  revoked: number;
}

interface TokenRecord {
  readonly client: AuthenticatedClient;
  readonly issuedAt: number;
  expiresAt: number;
  revoked: boolean;
}

@Injectable()
export class AccessTokensService implements Resettable {
  private readonly logger = new Logger(AccessTokensService.name);
  private readonly tokens: BoundedMap<string, TokenRecord>;

  constructor(
    @Inject(GENESYS_SIMULATOR_CONFIG) config: GenesysSimulatorConfig,
    private readonly clock: ClockService,
    registry: SimulatorStateService,
  ) {
    this.tokens = new BoundedMap(config.limits.maxTokens);
    registry.register(this);
  }

  issue(client: OAuthClient): IssuedToken {
    const accessToken = newAccessToken();
    const issuedAt = this.clock.now();
    const expiresInSeconds = client.accessTokenValiditySeconds;
    this.tokens.set(accessToken, {
      client: { clientId: client.clientId, organizationId: client.organizationId },
      issuedAt,
      expiresAt: issuedAt + expiresInSeconds * 1000,
      revoked: false,
    });
    this.logger.log(`issued a token to client ${client.clientId}, valid ${expiresInSeconds} s`);
    return { accessToken, expiresInSeconds };
  }

  check(accessToken: string): TokenCheck {
    const record = this.tokens.get(accessToken);
    if (!record) return { valid: false, reason: 'unknown' };
    if (record.revoked) return { valid: false, reason: 'revoked' };
    if (this.clock.now() >= record.expiresAt) return { valid: false, reason: 'expired' };
    return { valid: true, client: record.client };
  }

  /** Makes the selected tokens expire now; returns how many were still valid. */
  expire(selector: TokenSelector): number {
    const now = this.clock.now();
    return this.apply(selector, (record) => {
      if (record.revoked || record.expiresAt <= now) return false;
      record.expiresAt = now;
      return true;
    });
  }

  /** Revokes the selected tokens; returns how many were not revoked yet. */
  revoke(selector: TokenSelector): number {
    return this.apply(selector, (record) => {
      if (record.revoked) return false;
      record.revoked = true;
      return true;
    });
  }

  summary(): Record<string, ClientTokenSummary> {
    const now = this.clock.now();
    // A Map, not an object: a client id such as `constructor` is just a key.
    const summary = new Map<string, ClientTokenSummary>();
    for (const record of this.tokens.values()) {
      const counts = summary.get(record.client.clientId) ?? { active: 0, expired: 0, revoked: 0 };
      summary.set(record.client.clientId, counts);
      if (record.revoked) counts.revoked += 1;
      else if (record.expiresAt <= now) counts.expired += 1;
      else counts.active += 1;
    }
    return Object.fromEntries(summary);
  }

  reset(): void {
    this.tokens.clear();
  }

  private apply(selector: TokenSelector, change: (record: TokenRecord) => boolean): number {
    if ('token' in selector) {
      const record = this.tokens.get(selector.token);
      return record && change(record) ? 1 : 0;
    }
    let changed = 0;
    for (const record of this.tokens.values()) {
      const selected = 'all' in selector || record.client.clientId === selector.clientId;
      if (selected && change(record)) changed += 1;
    }
    return changed;
  }
}
