import { once } from 'node:events';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { sampleFile } from '../../testing/sample-files.util';
import { createTestCertificate, type TestCertificate } from '../../testing/test-certificate.util';
import { SafeFetchRefusedError } from '../safe-fetch.errors';
import { SafeFetcher } from '../safe-fetcher';
import { type ConnectTarget, createDirectConnector, type SafeConnector } from './connector';

// The certificate names attachments.example.com; the name resolves (in the fake resolver) to a
// public address that is never dialled: the test connector sends the real TLS connection to the
// local server instead, so that the production connector's SNI and verification are exercised.
const SITE = 'attachments.example.com';
const SITE_ADDRESS = '93.184.215.14';
const OTHER_SITE = 'other.example.com';
const OTHER_ADDRESS = '151.101.1.140';
const PNG = sampleFile('png', 10_000);
const REQUEST = { maxBytes: 1024 * 1024, allowedMimeTypes: ['image/png'] };

let certificate: TestCertificate;
let server: Server;
let port: number;
let serverNames: (string | false | null)[];
let hosts: (string | undefined)[];
let dialled: ConnectTarget[];

beforeAll(async () => {
  certificate = createTestCertificate([SITE]);
  server = createServer({ key: certificate.key, cert: certificate.cert }, (request, response) => {
    hosts.push(request.headers.host);
    response.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
  });
  server.on('secureConnection', (socket: TLSSocket) => serverNames.push(socket.servername));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

beforeEach(() => {
  serverNames = [];
  hosts = [];
  dialled = [];
});

function createSut(trustedCa: string | undefined): SafeFetcher {
  const direct = createDirectConnector({ connectTimeoutMs: 2_000, trustedCa });
  const toLocalServer: SafeConnector = (target) => {
    dialled.push(target);
    return direct({ ...target, address: '127.0.0.1', port });
  };
  return new SafeFetcher({
    resolver: async (hostname) => [{ address: hostname === SITE ? SITE_ADDRESS : OTHER_ADDRESS }],
    connector: toLocalServer,
  });
}

async function refusalOf(download: Promise<unknown>): Promise<SafeFetchRefusedError> {
  const outcome = await download.then(
    () => new Error('the download succeeded'),
    (error: unknown) => error,
  );
  if (outcome instanceof SafeFetchRefusedError) return outcome;
  throw outcome;
}

describe(createDirectConnector.name, () => {
  it('connects over TLS with SNI and Host set to the original host name', async () => {
    const sut = createSut(certificate.cert);

    const download = await sut.download(`https://${SITE}/file.png`, REQUEST);

    expect(download.bytes.equals(PNG)).toBe(true);
    expect(dialled).toEqual([{ protocol: 'https:', address: SITE_ADDRESS, port: 443, servername: SITE }]);
    expect(serverNames).toEqual([SITE]);
    expect(hosts).toEqual([SITE]);
  });

  it('verifies the certificate against the host name of the URL, not the address', async () => {
    const sut = createSut(certificate.cert);

    const refusal = await refusalOf(sut.download(`https://${OTHER_SITE}/file.png`, REQUEST));

    expect(refusal).toMatchObject({ reason: 'tls_failed', retryable: false });
    expect(dialled.map(({ servername }) => servername)).toEqual([OTHER_SITE]);
  });

  it('refuses a certificate no trusted authority signed', async () => {
    const sut = createSut(undefined);

    const refusal = await refusalOf(sut.download(`https://${SITE}/file.png`, REQUEST));

    expect(refusal.reason).toBe('tls_failed');
    expect(hosts).toEqual([]);
  });
});
