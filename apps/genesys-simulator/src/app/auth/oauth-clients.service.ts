import { Inject, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import {
  GENESYS_SIMULATOR_CONFIG,
  type GenesysSimulatorConfig,
  type OAuthClientSeed,
} from '../config/genesys-simulator.config';
import type { BasicCredentials } from '../core/basic-credentials.util';
import { badRequest } from '../core/genesys-errors.util';
import { type Resettable, SimulatorStateService } from '../core/simulator-state.service';

export interface OAuthClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly organizationId: string;
  /** Lifetime of the tokens issued to this client (Genesys: the client's `accessTokenValiditySeconds`). */
  readonly accessTokenValiditySeconds: number;
}

export type OAuthClientView = Omit<OAuthClient, 'clientSecret'>;

function sameSecret(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

function toView({ clientSecret: _secret, ...view }: OAuthClient): OAuthClientView {
  return view;
}

/** The OAuth clients (client-credentials grant) the login host knows: the seeds plus runtime additions. */
@Injectable()
export class OAuthClientsService implements Resettable {
  private readonly clients = new Map<string, OAuthClient>();

  constructor(
    @Inject(GENESYS_SIMULATOR_CONFIG) private readonly config: GenesysSimulatorConfig,
    registry: SimulatorStateService,
  ) {
    registry.register(this);
    this.reset();
  }

  authenticate(credentials: BasicCredentials): OAuthClient | undefined {
    const client = this.clients.get(credentials.clientId);
    return client && sameSecret(credentials.clientSecret, client.clientSecret) ? client : undefined;
  }

  register(seed: OAuthClientSeed): OAuthClientView {
    if (!this.clients.has(seed.clientId) && this.clients.size >= this.config.limits.maxOauthClients) {
      throw badRequest(`at most ${this.config.limits.maxOauthClients} OAuth clients can be registered`);
    }
    const client: OAuthClient = {
      clientId: seed.clientId,
      clientSecret: seed.clientSecret,
      organizationId: seed.organizationId,
      accessTokenValiditySeconds: seed.accessTokenValiditySeconds ?? this.config.tokenTtlSeconds,
    };
    this.clients.set(client.clientId, client);
    return toView(client);
  }

  list(): OAuthClientView[] {
    return [...this.clients.values()].map(toView);
  }

  reset(): void {
    this.clients.clear();
    for (const seed of this.config.oauthClients) this.register(seed);
  }
}
