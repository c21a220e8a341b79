import { Controller, Get, Inject, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { GENESYS_SIMULATOR_CONFIG, type GenesysSimulatorConfig } from '../config/genesys-simulator.config';
import { badRequest } from '../core/genesys-errors.util';
import { parseRequest } from '../core/validation.util';
import { downloadDescriptorSchema, downloadQuerySchema } from './outbound-control.dto';
import { DownloadsService, type DownloadView } from './downloads.service';
import { readRequestBytes } from './request-bytes.util';

/**
 * Control API: register the bytes of an attachment. Either the raw bytes with their MIME type
 * as Content-Type (`?filename=` optional), or JSON `{mime, filename?, dataBase64}`.
 */
@Controller('control/downloads')
export class DownloadsControlController {
  constructor(
    private readonly downloads: DownloadsService,
    @Inject(GENESYS_SIMULATOR_CONFIG) private readonly config: GenesysSimulatorConfig,
  ) {}

  @Get()
  list(): DownloadView[] {
    return this.downloads.list();
  }

  @Post()
  async register(@Req() request: Request, @Query() query: unknown): Promise<DownloadView> {
    if (request.is('application/json')) {
      const descriptor = parseRequest(downloadDescriptorSchema, request.body);
      return this.downloads.register({
        mime: descriptor.mime,
        ...(descriptor.filename !== undefined && { filename: descriptor.filename }),
        bytes: Buffer.from(descriptor.dataBase64, 'base64'),
      });
    }
    const mime = request.headers['content-type']?.split(';')[0]?.trim();
    if (!mime) throw badRequest('Content-Type: is required (the MIME type of the bytes)');
    const { filename } = parseRequest(downloadQuerySchema, query);
    const bytes = await readRequestBytes(request, this.config.limits.maxDownloadBytes);
    return this.downloads.register({ mime, ...(filename !== undefined && { filename }), bytes });
  }
}
