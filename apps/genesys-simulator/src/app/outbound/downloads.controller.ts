import { Controller, Get, Param, StreamableFile } from '@nestjs/common';
import { notFound } from '../core/genesys-errors.util';
import { DownloadsService } from './downloads.service';

/**
 * The api-downloads host: attachment bytes of outbound messages. Whether Genesys requires
 * authentication here is unverified (spec B3 [U]); the simulator does not.
 */
@Controller('api/v2/downloads')
export class DownloadsController {
  constructor(private readonly downloads: DownloadsService) {}

  @Get(':downloadId')
  download(@Param('downloadId') downloadId: string): StreamableFile {
    const download = this.downloads.find(downloadId);
    if (!download) throw notFound(`download ${downloadId} not found`);
    return new StreamableFile(download.bytes, {
      type: download.mime,
      length: download.bytes.length,
      ...(download.filename !== undefined && {
        disposition: `attachment; filename="${download.filename.replace(/["\\\r\n]/g, '_')}"`,
      }),
    });
  }
}
