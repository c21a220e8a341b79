import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  InternalRequestRejectedError,
  InternalServiceUnavailableError,
} from '@switchboard/backend-data-access-platform-clients';
import { setContextTenant } from '@switchboard/backend-util-observability';
import { verifyMetaWebhook } from '@switchboard/backend-util-signatures';
import { WHATSAPP_WEBHOOK_CONFIG, type WhatsAppWebhookConfig } from '../config/whatsapp-webhook.config';
import { InboundEventsPublisher, toOutgoingEvent, type OutgoingEvent } from './inbound-events.publisher';
import { MALFORMED_CHANGE_ROUTE, TenantRoutesService, type BatchRoutes } from './tenant-routes.service';
import { splitWebhookBatch } from './webhook-batch.util';
import { readWebhookBody } from './webhook-body.util';
import { WebhookMetrics, type WebhookOutcome } from './webhook.metrics';

export type WebhookResult =
  | { readonly outcome: 'ok'; readonly published: number; readonly parked: number }
  | {
      readonly outcome: 'bad_signature' | 'bad_json' | 'not_whatsapp' | 'unavailable';
      readonly reason: string;
    };

const UNAVAILABLE_REASON = 'temporarily unable to accept webhooks; retry later';

/**
 * One webhook POST: signature on the raw bytes first, then the body, the split into items, the
 * tenant of each number, and one confirmed publish per item. Answers ok only when the broker
 * has confirmed every item; anything that could lose an item answers unavailable instead, so
 * that Meta delivers the batch again.
 */
@Injectable()
export class WhatsAppWebhookService {
  private readonly logger = new Logger(WhatsAppWebhookService.name);

  constructor(
    @Inject(WHATSAPP_WEBHOOK_CONFIG) private readonly config: WhatsAppWebhookConfig,
    private readonly routes: TenantRoutesService,
    private readonly publisher: InboundEventsPublisher,
    private readonly metrics: WebhookMetrics,
  ) {}

  async receive(rawBody: Buffer, signature: string | string[] | undefined): Promise<WebhookResult> {
    const finish = this.metrics.startWebhook();
    let outcome: WebhookOutcome = 'error';
    try {
      const result = await this.process(rawBody, signature);
      outcome = result.outcome;
      return result;
    } finally {
      finish(outcome);
    }
  }

  private async process(rawBody: Buffer, signature: string | string[] | undefined): Promise<WebhookResult> {
    if (!verifyMetaWebhook(rawBody, signature, this.config.META_APP_SECRET)) {
      const reason =
        signature === undefined
          ? 'missing X-Hub-Signature-256'
          : 'X-Hub-Signature-256 does not match the body';
      this.logger.warn(`webhook refused: ${reason}`);
      return { outcome: 'bad_signature', reason };
    }
    const body = readWebhookBody(rawBody);
    if (!body.ok) {
      this.logger.warn(`webhook refused (${body.problem}): ${body.reason}`);
      return { outcome: body.problem, reason: body.reason };
    }
    const { items, ignoredFields } = splitWebhookBatch(body.batch, new Date().toISOString());
    for (const field of ignoredFields) {
      this.metrics.ignoredChange(field);
      this.logger.debug(`ignored a webhook change of field ${field.slice(0, 64)}`);
    }
    const routes = await this.resolveRoutes(items.map((item) => item.payload.phoneNumberId));
    if (!routes) return { outcome: 'unavailable', reason: UNAVAILABLE_REASON };
    const events = items.map((item) =>
      toOutgoingEvent(item, item.malformed ? MALFORMED_CHANGE_ROUTE : routes.for(item.payload.phoneNumberId)),
    );
    tagSingleTenant(events);
    const { failures } = await this.publisher.publishAll(events);
    if (failures.length > 0) {
      this.logger.error(
        `${failures.length} of ${events.length} webhook items not confirmed by the broker (first: ${failures[0]?.message}); answering 503 for Meta to retry`,
      );
      return { outcome: 'unavailable', reason: UNAVAILABLE_REASON };
    }
    return this.confirmed(events);
  }

  private async resolveRoutes(phoneNumberIds: (string | undefined)[]): Promise<BatchRoutes | undefined> {
    try {
      return await this.routes.resolve(phoneNumberIds);
    } catch (error) {
      if (error instanceof InternalServiceUnavailableError || error instanceof InternalRequestRejectedError) {
        this.logger.error(`tenant lookup failed, answering 503 for Meta to retry: ${error.message}`);
        return undefined;
      }
      throw error;
    }
  }

  private confirmed(events: readonly OutgoingEvent[]): WebhookResult {
    let parked = 0;
    for (const { item, route } of events) {
      const ids = `${item.payload.kind} ${item.itemId ?? '(no id)'} #${item.payload.batchIndex}`;
      if (route.routable) {
        this.metrics.published(item.payload.kind);
        this.logger.debug(`published ${ids} for tenant ${route.tenantId}`);
      } else {
        parked += 1;
        this.metrics.parked(route.reason);
        this.logger.warn(
          `parked ${ids} of phone_number_id ${item.payload.phoneNumberId ?? '(missing)'} as unroutable: ${route.reason}`,
        );
      }
    }
    const published = events.length - parked;
    this.logger.log(`webhook accepted: ${published} items published, ${parked} parked as unroutable`);
    return { outcome: 'ok', published, parked };
  }
}

/** Puts the tenant on the request's log lines and metrics when the whole batch has one. */
function tagSingleTenant(events: readonly OutgoingEvent[]): void {
  const tenants = new Set(
    events.filter((event) => event.route.routable).map((event) => event.route.tenantId),
  );
  const [only] = tenants;
  if (tenants.size === 1 && only !== undefined) setContextTenant(only);
}
