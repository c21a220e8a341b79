import { Controller, Get, Headers, Query, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { FaultsService } from '../faults/faults.service';
import { GraphExceptionFilter } from '../graph-errors/graph-exception.filter';
import { PhoneNumbersService } from '../phone-numbers/phone-numbers.service';
import { DOWNLOAD_PATH, MediaStoreService } from './media-store.service';

/** The download URLs handed out by `GET /{version}/{media-id}` (Meta's lookaside.fbsbx.com). */
@Controller(DOWNLOAD_PATH)
@UseFilters(GraphExceptionFilter)
export class MediaDownloadController {
  constructor(
    private readonly store: MediaStoreService,
    private readonly phoneNumbers: PhoneNumbersService,
    private readonly faults: FaultsService,
  ) {}

  @Get()
  async download(
    @Query('mid') mid: string | undefined,
    @Query('ext') ext: string | undefined,
    @Query('hash') hash: string | undefined,
    @Headers('authorization') authorization: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const owner = mid === undefined ? undefined : this.store.find(mid)?.phoneNumberId;
    await this.faults.inject('media', owner);
    this.phoneNumbers.authorize(authorization, owner, mid, 'get');
    const media = this.store.resolveDownload(mid, ext, hash);
    response
      .status(200)
      .setHeader('Content-Type', media.mimeType)
      .setHeader('Content-Length', String(media.bytes.length))
      .end(media.bytes);
  }
}
