import { GraphApiException } from './graph-api.exception';

const GRAPH_VERSION = /^v\d+\.\d+$/;

/** Graph paths start with a version (`v25.0`); any `vNN.N` is accepted. */
export function assertGraphVersion(version: string, path: string): void {
  if (!GRAPH_VERSION.test(version)) {
    throw GraphApiException.of(2500, {
      httpStatus: 404,
      message: `Unknown path components: ${path}`,
      details: 'Unknown path components',
    });
  }
}
