import {
  BadRequestException,
  Controller,
  Headers,
  HttpCode,
  Param,
  Post,
  Req,
  Res,
  ServiceUnavailableException,
  UnauthorizedException,
  type HttpException,
  type RawBodyRequest,
} from '@nestjs/common';
import { Public } from '@switchboard/backend-util-auth';
import { SIGNATURE_HEADER } from '@switchboard/backend-util-signatures';
import type { GenesysOutboundEventKind } from '@switchboard/shared-contracts';
import type { Request, Response } from 'express';
import { GenesysWebhookService, type WebhookResult } from './genesys-webhook.service';
import { GENESYS_WEBHOOK_PATH, RETRY_AFTER_SECONDS } from './webhook.constants';

/** The 2xx answer: what became of the notification (Genesys only looks at the status). */
export type WebhookAck =
  | { readonly result: 'published'; readonly kind: GenesysOutboundEventKind }
  | { readonly result: 'duplicate' | 'echo' }
  | { readonly result: 'ignored'; readonly reason: string };

const NO_BODY = Buffer.alloc(0);

/** Genesys's outbound notifications, one URL per integration (spec B3). */
@Controller(GENESYS_WEBHOOK_PATH)
export class GenesysWebhookController {
  constructor(private readonly webhooks: GenesysWebhookService) {}

  /** Public: the X-Hub-Signature-256 HMAC of the raw body, keyed with the integration's secret, is the credential. */
  @Post(':integrationId')
  @Public()
  @HttpCode(200)
  async receive(
    @Param('integrationId') integrationId: string,
    @Req() request: RawBodyRequest<Request>,
    @Headers(SIGNATURE_HEADER) signature: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<WebhookAck> {
    const result = await this.webhooks.receive(integrationId, request.rawBody ?? NO_BODY, signature);
    switch (result.outcome) {
      case 'ok':
        return { result: 'published', kind: result.kind };
      case 'duplicate':
      case 'echo':
        return { result: result.outcome };
      case 'unusable':
        return { result: 'ignored', reason: result.reason };
      case 'in_progress':
      case 'unavailable':
        response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
        throw refusal(result);
      default:
        throw refusal(result);
    }
  }
}

function refusal(result: Extract<WebhookResult, { reason: string }>): HttpException {
  switch (result.outcome) {
    case 'bad_signature':
    case 'unknown_integration':
      return new UnauthorizedException(result.reason);
    case 'bad_json':
      return new BadRequestException(result.reason);
    default:
      return new ServiceUnavailableException(result.reason);
  }
}
