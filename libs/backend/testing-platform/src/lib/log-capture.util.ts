import { PassThrough } from 'node:stream';

/** Every JSON log line the service writes during a test (ObservabilityModule's `destination` is `stream`). */
export class LogCapture {
  readonly stream = new PassThrough();
  private readonly chunks: string[] = [];

  constructor() {
    this.stream.on('data', (chunk: Buffer | string) => this.chunks.push(chunk.toString()));
  }

  text(): string {
    return this.chunks.join('');
  }

  lines(): Record<string, unknown>[] {
    return this.text()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}
