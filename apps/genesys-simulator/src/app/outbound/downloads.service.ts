import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { GENESYS_SIMULATOR_CONFIG, type GenesysSimulatorConfig } from '../config/genesys-simulator.config';
import { ClockService } from '../core/clock.service';
import { badRequest } from '../core/genesys-errors.util';
import { newDownloadId } from '../core/ids.util';
import { type Resettable, SimulatorStateService } from '../core/simulator-state.service';

export const DOWNLOADS_PATH = '/api/v2/downloads';

export interface StoredDownload {
  readonly id: string;
  readonly mime: string;
  readonly filename?: string;
  readonly bytes: Buffer;
  readonly sha256: string;
  readonly createdAt: string;
}

export interface DownloadView {
  readonly id: string;
  readonly url: string;
  readonly mime: string;
  readonly filename?: string;
  readonly contentSizeBytes: number;
  readonly sha256: string;
  readonly createdAt: string;
}

export interface NewDownload {
  readonly mime: string;
  readonly filename?: string;
  readonly bytes: Buffer;
}

/**
 * Files an agent "attached": served at `GET /api/v2/downloads/{id}` like Genesys's
 * api-downloads host. Bounded by count and by total size; the oldest go first.
 */
@Injectable()
export class DownloadsService implements Resettable {
  private readonly downloads = new Map<string, StoredDownload>();
  private storedBytes = 0;

  constructor(
    @Inject(GENESYS_SIMULATOR_CONFIG) private readonly config: GenesysSimulatorConfig,
    private readonly clock: ClockService,
    registry: SimulatorStateService,
  ) {
    registry.register(this);
  }

  register(download: NewDownload): DownloadView {
    const { maxDownloadBytes } = this.config.limits;
    if (download.bytes.length === 0) throw badRequest('the download is empty');
    if (download.bytes.length > maxDownloadBytes) {
      throw badRequest(`the download is larger than ${maxDownloadBytes} bytes`);
    }
    const stored: StoredDownload = {
      id: newDownloadId(),
      mime: download.mime,
      ...(download.filename !== undefined && { filename: download.filename }),
      bytes: download.bytes,
      sha256: createHash('sha256').update(download.bytes).digest('hex'),
      createdAt: this.clock.nowIso(),
    };
    this.downloads.set(stored.id, stored);
    this.storedBytes += stored.bytes.length;
    this.evictOldest();
    return this.toView(stored);
  }

  find(downloadId: string): StoredDownload | undefined {
    return this.downloads.get(downloadId);
  }

  view(download: StoredDownload): DownloadView {
    return this.toView(download);
  }

  list(): DownloadView[] {
    return [...this.downloads.values()].map((download) => this.toView(download));
  }

  reset(): void {
    this.downloads.clear();
    this.storedBytes = 0;
  }

  private evictOldest(): void {
    const { maxDownloads, maxDownloadStoreBytes } = this.config.limits;
    for (const [id, download] of this.downloads) {
      if (this.downloads.size <= maxDownloads && this.storedBytes <= maxDownloadStoreBytes) return;
      this.downloads.delete(id);
      this.storedBytes -= download.bytes.length;
    }
  }

  private toView(download: StoredDownload): DownloadView {
    return {
      id: download.id,
      url: `${this.config.publicBaseUrl}${DOWNLOADS_PATH}/${download.id}`,
      mime: download.mime,
      ...(download.filename !== undefined && { filename: download.filename }),
      contentSizeBytes: download.bytes.length,
      sha256: download.sha256,
      createdAt: download.createdAt,
    };
  }
}
