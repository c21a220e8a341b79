import {
  BadRequestException,
  Controller,
  ForbiddenException,
  Get,
  Headers,
  HttpCode,
  Inject,
  Post,
  Query,
  Req,
  Res,
  ServiceUnavailableException,
  UnauthorizedException,
  type HttpException,
  type RawBodyRequest,
} from '@nestjs/common';
import { Public } from '@switchboard/backend-util-auth';
import { SIGNATURE_HEADER } from '@switchboard/backend-util-signatures';
import type { Request, Response } from 'express';
import { WHATSAPP_WEBHOOK_CONFIG, type WhatsAppWebhookConfig } from '../config/whatsapp-webhook.config';
import { answerHandshake, type HandshakeQuery } from './subscription-handshake.util';
import { RETRY_AFTER_SECONDS } from './webhook.constants';
import { WebhookMetrics } from './webhook.metrics';
import { WhatsAppWebhookService, type WebhookResult } from './whatsapp-webhook.service';

export const WHATSAPP_WEBHOOK_PATH = 'webhooks/whatsapp';

export interface WebhookAck {
  readonly published: number;
  readonly parked: number;
}

const NO_BODY = Buffer.alloc(0);

/** Meta's calls: the subscription handshake and the signed event POSTs (spec A1, A2). */
@Controller(WHATSAPP_WEBHOOK_PATH)
export class WhatsAppWebhookController {
  constructor(
    @Inject(WHATSAPP_WEBHOOK_CONFIG) private readonly config: WhatsAppWebhookConfig,
    private readonly webhooks: WhatsAppWebhookService,
    private readonly metrics: WebhookMetrics,
  ) {}

  /** Public: the verify token is the credential. Echoes only a digits-only challenge. */
  @Get()
  @Public()
  verify(@Query() query: HandshakeQuery, @Res({ passthrough: true }) response: Response): string {
    const result = answerHandshake(query, this.config.WHATSAPP_VERIFY_TOKEN);
    this.metrics.verification(result.accepted);
    if (result.accepted) {
      response.setHeader('Content-Type', 'text/plain; charset=utf-8');
      response.setHeader('X-Content-Type-Options', 'nosniff');
      return result.challenge;
    }
    throw result.status === 400
      ? new BadRequestException(result.reason)
      : new ForbiddenException(result.reason);
  }

  /** Public: the X-Hub-Signature-256 HMAC of the raw body is the credential, checked first. */
  @Post()
  @Public()
  @HttpCode(200)
  async receive(
    @Req() request: RawBodyRequest<Request>,
    @Headers(SIGNATURE_HEADER) signature: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<WebhookAck> {
    const result = await this.webhooks.receive(request.rawBody ?? NO_BODY, signature);
    if (result.outcome === 'ok') return { published: result.published, parked: result.parked };
    if (result.outcome === 'unavailable') response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    throw refusal(result);
  }
}

function refusal(result: Exclude<WebhookResult, { outcome: 'ok' }>): HttpException {
  switch (result.outcome) {
    case 'bad_signature':
      return new UnauthorizedException(result.reason);
    case 'bad_json':
    case 'not_whatsapp':
      return new BadRequestException(result.reason);
    case 'unavailable':
      return new ServiceUnavailableException(result.reason);
  }
}
