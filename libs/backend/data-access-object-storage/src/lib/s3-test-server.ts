import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

export interface LocalS3Server {
  readonly endpoint: string;
  readonly directory: string;
  close(): Promise<void>;
}

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}

/**
 * Starts s3rver, a real S3 HTTP server on the local filesystem, on loopback. Used by the sandbox
 * and the tests on machines without MinIO; production points the S3 client at MinIO or S3.
 */
export async function startLocalS3Server(
  options: { port?: number; directory?: string } = {},
): Promise<LocalS3Server> {
  // s3rver has no types and is only loaded where a local server is wanted.
  const S3rver = require('s3rver') as new (options: Record<string, unknown>) => S3rverInstance;
  const directory = options.directory ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sb-s3-'));
  fs.mkdirSync(directory, { recursive: true });
  const server = new S3rver({ address: '127.0.0.1', port: options.port ?? 0, directory, silent: true });
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    directory,
    close: () => server.close(),
  };
}
