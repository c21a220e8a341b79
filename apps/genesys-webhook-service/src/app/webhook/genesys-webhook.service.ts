import { Injectable, Logger } from '@nestjs/common';
import {
  InternalRequestRejectedError,
  InternalServiceUnavailableError,
} from '@switchboard/backend-data-access-platform-clients';
import { PublishNotConfirmedError } from '@switchboard/backend-util-messaging';
import { setContextTenant } from '@switchboard/backend-util-observability';
import { verifyGenesysWebhook } from '@switchboard/backend-util-signatures';
import { formatValidationPath, type GenesysOutboundEventKind } from '@switchboard/shared-contracts';
import { WebhookClaims, webhookClaimKey, type ClaimResult } from '../dedupe/webhook-claims.store';
import { OutboundEventsPublisher, type OutboundEventSource } from './outbound-events.publisher';
import { classifyWebhook, parseWebhookBody } from './outbound-webhook.util';
import { WebhookSecretsClient, type IntegrationCredentials } from './webhook-secrets.client';
import { INTEGRATION_ID_PATTERN } from './webhook.constants';
import { WebhookMetrics, type WebhookOutcome } from './webhook.metrics';

export type WebhookResult =
  | {
      readonly outcome: 'ok';
      readonly kind: GenesysOutboundEventKind;
      readonly genesysMessageId: string;
      /** False when the body breaks the contract (published for the outbound-transformer to dead-letter). */
      readonly valid: boolean;
    }
  | { readonly outcome: 'duplicate' | 'echo' }
  | {
      readonly outcome:
        'unusable' | 'bad_signature' | 'unknown_integration' | 'bad_json' | 'in_progress' | 'unavailable';
      readonly reason: string;
    };

type Refusal = Extract<WebhookResult, { reason: string }>;

export const SIGNATURE_MISSING = 'missing X-Hub-Signature-256';
/** Also the answer for an unknown integration: a caller cannot tell which of the two it was. */
export const SIGNATURE_MISMATCH = 'X-Hub-Signature-256 does not match the body';
const UNAVAILABLE_REASON = 'temporarily unable to accept webhooks; retry later';
const IN_PROGRESS_REASON = 'this message is being accepted by another request; retry later';

// `sha256=` + the base64 of a 32-byte digest, as Genesys signs (spec B3). Checked before asking
// tenant-service for the secret, so that unsigned or hex-signed (Meta's encoding) POSTs cost nothing.
const GENESYS_SIGNATURE_SHAPE = /^sha256=[A-Za-z0-9+/]{43}=$/;
const MAX_LOGGED_PROBLEMS = 5;

/**
 * One outbound webhook POST (spec B3): the integration's secret from tenant-service, the
 * signature on the raw bytes, then the body, echo filtering, classification, a dedupe claim and
 * one confirmed publish. Answers ok only once the broker has confirmed; anything that could lose
 * the message answers unavailable instead, so that Genesys delivers it again.
 */
@Injectable()
export class GenesysWebhookService {
  private readonly logger = new Logger(GenesysWebhookService.name);

  constructor(
    private readonly secrets: WebhookSecretsClient,
    private readonly claims: WebhookClaims,
    private readonly publisher: OutboundEventsPublisher,
    private readonly metrics: WebhookMetrics,
  ) {}

  async receive(
    integrationId: string,
    rawBody: Buffer,
    signature: string | string[] | undefined,
  ): Promise<WebhookResult> {
    const finish = this.metrics.startWebhook();
    let outcome: WebhookOutcome = 'error';
    try {
      const result = await this.process(integrationId, rawBody, signature);
      outcome = result.outcome;
      return result;
    } finally {
      finish(outcome);
    }
  }

  private async process(
    integrationId: string,
    rawBody: Buffer,
    signature: string | string[] | undefined,
  ): Promise<WebhookResult> {
    const receivedAt = new Date().toISOString();
    const credentials = await this.authenticate(integrationId, rawBody, signature);
    if ('outcome' in credentials) return credentials;
    const { tenantId } = credentials;
    setContextTenant(tenantId);
    const parsed = parseWebhookBody(rawBody);
    if (!parsed.ok) {
      this.logger.warn(`webhook of integration ${integrationId} refused: ${parsed.reason}`);
      return { outcome: 'bad_json', reason: parsed.reason };
    }
    const webhook = classifyWebhook(parsed.body, integrationId);
    const ids = `${webhook.genesysMessageId ?? '(no id)'} of integration ${integrationId}`;
    switch (webhook.verdict) {
      case 'echo':
        this.logger.debug(`not delivering ${ids}: an echo (${webhook.reason})`);
        return { outcome: 'echo' };
      case 'unusable':
        this.logger.warn(`ignoring ${ids}, which cannot be published: ${webhook.reason}`);
        return { outcome: 'unusable', reason: webhook.reason };
      case 'publish':
        return this.publishOnce({ tenantId, integrationId, webhook, receivedAt });
    }
  }

  /** The integration's tenant when the signature is its secret's; never says which check failed. */
  private async authenticate(
    integrationId: string,
    rawBody: Buffer,
    signature: string | string[] | undefined,
  ): Promise<IntegrationCredentials | Refusal> {
    if (signature === undefined) return this.refuse('bad_signature', SIGNATURE_MISSING, integrationId);
    if (typeof signature !== 'string' || !GENESYS_SIGNATURE_SHAPE.test(signature.trim())) {
      return this.refuse('bad_signature', SIGNATURE_MISMATCH, integrationId);
    }
    if (!INTEGRATION_ID_PATTERN.test(integrationId)) {
      return this.refuse('unknown_integration', SIGNATURE_MISMATCH, '(not an integration id)');
    }
    try {
      const credentials = await this.secrets.credentials(integrationId);
      if (!credentials) return this.refuse('unknown_integration', SIGNATURE_MISMATCH, integrationId);
      if (verifyGenesysWebhook(rawBody, signature, credentials.secret)) return credentials;
      // The secret may have been rotated since it was cached: ask once more before refusing.
      const current = await this.secrets.refreshed(integrationId, credentials);
      if (!current) return this.refuse('unknown_integration', SIGNATURE_MISMATCH, integrationId);
      if (current !== credentials && verifyGenesysWebhook(rawBody, signature, current.secret)) {
        this.logger.log(`integration ${integrationId} signs with a new webhook secret now`);
        return current;
      }
      return this.refuse('bad_signature', SIGNATURE_MISMATCH, integrationId);
    } catch (error) {
      if (error instanceof InternalServiceUnavailableError || error instanceof InternalRequestRejectedError) {
        this.logger.error(
          `webhook secret of integration ${integrationId} unavailable, answering 503 for Genesys to retry: ${error.message}`,
        );
        return { outcome: 'unavailable', reason: UNAVAILABLE_REASON };
      }
      throw error;
    }
  }

  private refuse(
    outcome: 'bad_signature' | 'unknown_integration',
    reason: string,
    integrationId: string,
  ): Refusal {
    const why = outcome === 'unknown_integration' ? 'unknown integration' : reason;
    this.logger.warn(`webhook for integration ${integrationId} refused: ${why}`);
    return { outcome, reason };
  }

  /**
   * Claims the message id, publishes, and marks the claim published; an unconfirmed publish
   * releases the claim so that Genesys's retry publishes it. Without Redis the webhook is
   * published unclaimed: a duplicate is better than a loss (the outbound-transformer dedupes too).
   */
  private async publishOnce(source: OutboundEventSource): Promise<WebhookResult> {
    const { webhook } = source;
    const ids = `${webhook.kind} ${webhook.genesysMessageId} of integration ${source.integrationId}`;
    const key = webhookClaimKey(source.tenantId, source.integrationId, webhook.dedupeId);
    const claim = await this.tryClaim(key, ids);
    if (claim?.state === 'published') {
      this.logger.log(`dropping ${ids}: already published (a redelivery)`);
      return { outcome: 'duplicate' };
    }
    if (claim?.state === 'in_progress') {
      this.logger.warn(`${ids} is being published by another request; answering 503 for Genesys to retry`);
      return { outcome: 'in_progress', reason: IN_PROGRESS_REASON };
    }
    try {
      await this.publisher.publish(source);
    } catch (error) {
      if (claim) await this.releaseClaim(key, claim.token, ids);
      if (!(error instanceof PublishNotConfirmedError)) throw error;
      this.logger.error(
        `${ids} not confirmed by the broker (${error.message}); answering 503 for Genesys to retry`,
      );
      return { outcome: 'unavailable', reason: UNAVAILABLE_REASON };
    }
    if (claim) await this.completeClaim(key, ids);
    const valid = webhook.problems.length === 0;
    this.metrics.published(webhook.kind, valid);
    if (valid) {
      this.logger.log(`published ${ids}`);
    } else {
      const paths = webhook.problems
        .slice(0, MAX_LOGGED_PROBLEMS)
        .map((problem) => formatValidationPath(problem.path));
      this.logger.warn(
        `published ${ids} although it breaks the outbound webhook contract at ${paths.join(', ')}: the outbound-transformer will dead-letter it with the reason`,
      );
    }
    return { outcome: 'ok', kind: webhook.kind, genesysMessageId: webhook.genesysMessageId, valid };
  }

  private async tryClaim(key: string, ids: string): Promise<ClaimResult | undefined> {
    try {
      return await this.claims.claim(key);
    } catch (error) {
      this.metrics.dedupeFailed('claim');
      this.logger.warn(`dedupe unavailable (${describe(error)}): publishing ${ids} without a claim`);
      return undefined;
    }
  }

  private async completeClaim(key: string, ids: string): Promise<void> {
    try {
      await this.claims.complete(key);
    } catch (error) {
      this.metrics.dedupeFailed('complete');
      this.logger.warn(
        `published ${ids}, but could not remember it (${describe(error)}): a redelivery would be published again`,
      );
    }
  }

  private async releaseClaim(key: string, token: string, ids: string): Promise<void> {
    try {
      await this.claims.release(key, token);
    } catch (error) {
      this.metrics.dedupeFailed('release');
      this.logger.warn(
        `could not release the claim of ${ids} (${describe(error)}): it frees itself when its lease ends`,
      );
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
