import { FakeNetwork, type FakeSiteHandler, redirectTo, respondWith } from '../testing/fake-network.util';
import { sampleFile } from '../testing/sample-files.util';
import { SafeFetchRefusedError, type SafeFetchRefusalReason } from './safe-fetch.errors';
import { SafeFetcher, type SafeDownloadRequest, type SafeFetcherOptions } from './safe-fetcher';

const SITE = 'attachments.example.com';
const SITE_ADDRESS = '93.184.215.14';
const OTHER_SITE = 'cdn.example.net';
const OTHER_ADDRESS = '151.101.1.140';
const MB = 1024 * 1024;

const REQUEST: SafeDownloadRequest = {
  maxBytes: MB,
  allowedMimeTypes: ['image/png', 'image/jpeg', 'application/pdf'],
};

let network: FakeNetwork;

beforeEach(async () => {
  network = await FakeNetwork.start();
});

afterEach(async () => {
  await network.stop();
});

function createSut(options: SafeFetcherOptions = {}): SafeFetcher {
  return new SafeFetcher({ resolver: network.resolver, connector: network.connector, ...options });
}

async function refusalOf(download: Promise<unknown>): Promise<SafeFetchRefusedError> {
  const outcome = await download.then(
    () => new Error('the download succeeded'),
    (error: unknown) => error,
  );
  if (outcome instanceof SafeFetchRefusedError) return outcome;
  throw outcome;
}

const streamForever: FakeSiteHandler = (_request, response) => {
  response.writeHead(200, { 'content-type': 'image/png' });
  const chunk = sampleFile('png', 64 * 1024);
  const write = () => {
    while (!response.destroyed && response.write(chunk));
    if (!response.destroyed) response.once('drain', write);
  };
  write();
};

interface HostileCase {
  readonly name: string;
  readonly url: string;
  readonly reason: SafeFetchRefusalReason;
  readonly setup?: (network: FakeNetwork) => void;
  readonly request?: Partial<SafeDownloadRequest>;
  /** Addresses the connector may have been asked for (none unless a public hop comes first). */
  readonly dialled?: readonly string[];
}

const literal = (
  name: string,
  url: string,
  reason: SafeFetchRefusalReason = 'private_address',
): HostileCase => ({
  name,
  url,
  reason,
});

const resolvingTo = (name: string, hostname: string, addresses: readonly string[]): HostileCase => ({
  name,
  url: `https://${hostname}/file.png`,
  reason: 'private_address',
  setup: (net) => net.addDns(hostname, addresses),
});

const redirectingTo = (
  name: string,
  location: string,
  reason: SafeFetchRefusalReason,
  setup?: (net: FakeNetwork) => void,
): HostileCase => ({
  name,
  url: `https://${SITE}/file.png`,
  reason,
  setup: (net) => {
    net.addSite(SITE, SITE_ADDRESS, redirectTo(location));
    setup?.(net);
  },
  dialled: [SITE_ADDRESS],
});

const serving = (
  name: string,
  handler: FakeSiteHandler,
  reason: SafeFetchRefusalReason,
  request?: Partial<SafeDownloadRequest>,
): HostileCase => ({
  name,
  url: `https://${SITE}/file`,
  reason,
  request,
  setup: (net) => net.addSite(SITE, SITE_ADDRESS, handler),
  dialled: [SITE_ADDRESS],
});

const HOSTILE_CASES: readonly HostileCase[] = [
  // IPv4 literals in every notation the URL parser accepts
  literal('loopback 127.0.0.1', 'https://127.0.0.1/file.png'),
  literal('loopback in decimal', 'https://2130706433/file.png'),
  literal('loopback in octal', 'https://0177.0.0.1/file.png'),
  literal('loopback in dotted hex', 'https://0x7f.0x0.0x0.0x1/file.png'),
  literal('loopback as one hex number', 'https://0x7f000001/file.png'),
  literal('loopback as one octal number', 'https://017700000001/file.png'),
  literal('loopback in short form', 'https://127.1/file.png'),
  literal('loopback with a trailing dot', 'https://127.0.0.1./file.png'),
  literal('loopback percent-encoded', 'https://%31%32%37.0.0.1/file.png'),
  literal(
    'loopback in full-width digits',
    'https://\uff11\uff12\uff17\uff0e\uff10\uff0e\uff10\uff0e\uff11/file.png',
  ),
  literal('loopback with an upper-case scheme', 'HTTPS://127.0.0.1/file.png'),
  literal('unspecified 0', 'https://0/file.png'),
  literal('this-network 0.1.2.3', 'https://0.1.2.3/file.png'),
  literal(
    'cloud metadata 169.254.169.254',
    'https://169.254.169.254/latest/meta-data/iam/security-credentials/',
  ),
  literal('cloud metadata in decimal', 'https://2852039166/latest/meta-data/'),
  literal('Alibaba metadata 100.100.100.200', 'https://100.100.100.200/latest/meta-data/'),
  literal('Azure WireServer 168.63.129.16', 'https://168.63.129.16/machine?comp=goalstate'),
  literal('private 10/8', 'https://10.0.0.1/file.png'),
  literal('private 172.16/12 (low end)', 'https://172.16.0.1/file.png'),
  literal('private 172.16/12 (high end)', 'https://172.31.255.254/file.png'),
  literal('private 192.168/16', 'https://192.168.1.1/file.png'),
  literal('CGNAT 100.64/10', 'https://100.127.255.254/file.png'),
  literal('link-local 169.254/16', 'https://169.254.1.1/file.png'),
  literal('multicast 224/4', 'https://239.255.255.250/file.png'),
  literal('broadcast', 'https://255.255.255.255/file.png'),
  literal('IETF protocol assignments 192.0.0/24', 'https://192.0.0.8/file.png'),
  literal('documentation 192.0.2/24', 'https://192.0.2.1/file.png'),
  literal('benchmarking 198.18/15', 'https://198.19.255.1/file.png'),
  literal('documentation 198.51.100/24', 'https://198.51.100.7/file.png'),
  literal('documentation 203.0.113/24', 'https://203.0.113.9/file.png'),
  literal('reserved 240/4', 'https://240.0.0.1/file.png'),
  // IPv6 literals
  literal('IPv6 loopback', 'https://[::1]/file.png'),
  literal('IPv6 loopback written out', 'https://[0:0:0:0:0:0:0:1]/file.png'),
  literal('IPv6 unspecified', 'https://[::]/file.png'),
  literal('IPv4-mapped loopback (dotted)', 'https://[::ffff:127.0.0.1]/file.png'),
  literal('IPv4-mapped loopback (hex)', 'https://[::ffff:7f00:1]/file.png'),
  literal('IPv4-mapped metadata', 'https://[::ffff:169.254.169.254]/latest/meta-data/'),
  literal('IPv4-mapped private', 'https://[0:0:0:0:0:ffff:10.0.0.1]/file.png'),
  literal('IPv4-compatible loopback', 'https://[::127.0.0.1]/file.png'),
  literal('NAT64 embedding loopback', 'https://[64:ff9b::127.0.0.1]/file.png'),
  literal('NAT64 embedding metadata', 'https://[64:ff9b::a9fe:a9fe]/latest/meta-data/'),
  literal('NAT64 embedding 192.168/16', 'https://[64:ff9b::c0a8:1]/file.png'),
  literal('6to4 embedding loopback', 'https://[2002:7f00:1::1]/file.png'),
  literal('6to4 embedding 10/8', 'https://[2002:a00:1::]/file.png'),
  literal('Teredo', 'https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/file.png'),
  literal('IPv6 link-local', 'https://[fe80::1]/file.png'),
  literal('IPv6 link-local with a zone id', 'https://[fe80::1%25eth0]/file.png', 'invalid_url'),
  literal('AWS IPv6 metadata', 'https://[fd00:ec2::254]/latest/meta-data/'),
  literal('IPv6 unique-local', 'https://[fd12:3456:789a::1]/file.png'),
  literal('IPv6 site-local', 'https://[fec0::1]/file.png'),
  literal('IPv6 multicast', 'https://[ff02::1]/file.png'),
  literal('IPv6 documentation', 'https://[2001:db8::1]/file.png'),
  // userinfo and delimiter tricks: the host is what follows the @
  literal('a trusted name as user name', `https://${SITE}@127.0.0.1/file.png`),
  literal('a trusted name and password as credentials', `https://${SITE}:x@169.254.169.254/latest/`),
  literal('a trusted name after a fragment', `https://127.0.0.1#@${SITE}/file.png`),
  literal('a trusted name after a query', `https://10.0.0.1?@${SITE}/file.png`),
  {
    name: 'credentials for a public host',
    url: `https://user:secret@${SITE}/file.png`,
    reason: 'credentials_in_url',
    setup: (net) => net.addSite(SITE, SITE_ADDRESS, respondWith(sampleFile('png'))),
  },
  // schemes
  literal('plain http to a public host', `http://${SITE}/file.png`, 'scheme'),
  literal('plain http to loopback', 'http://127.0.0.1/file.png', 'scheme'),
  literal('ftp', `ftp://${SITE}/file.png`, 'scheme'),
  literal('file', 'file:///etc/passwd', 'scheme'),
  literal('data', 'data:image/png;base64,iVBORw0KGgo=', 'scheme'),
  literal('gopher to Redis', 'gopher://127.0.0.1:6379/_INFO', 'scheme'),
  literal('javascript', 'javascript:alert(1)', 'scheme'),
  literal('no URL at all', 'not a url', 'invalid_url'),
  literal('an unterminated IPv6 literal', 'https://[::1/file.png', 'invalid_url'),
  // names that resolve inside
  resolvingTo('a name resolving to a private address', 'internal.example.com', ['10.1.2.3']),
  resolvingTo('localhost', 'localhost', ['127.0.0.1', '::1']),
  resolvingTo('a wildcard DNS name for loopback', '127.0.0.1.nip.io', ['127.0.0.1']),
  resolvingTo('the GCP metadata name', 'metadata.google.internal', ['169.254.169.254']),
  resolvingTo('a name resolving to one public and one private address', 'rebind.example.com', [
    SITE_ADDRESS,
    '10.0.0.7',
  ]),
  resolvingTo('a name resolving to public and unique-local IPv6', 'v6.example.com', [
    '2606:2800:21f:cb07:6820:80da:af6b:8b2c',
    'fd00::1',
  ]),
  resolvingTo('a name resolving to an IPv4-mapped private address', 'mapped.example.com', [
    '::ffff:10.0.0.1',
  ]),
  resolvingTo('a name resolving to a scoped link-local address', 'scoped.example.com', ['fe80::1%eth0']),
  {
    name: 'a name that does not resolve',
    url: 'https://missing.example.com/file.png',
    reason: 'resolution_failed',
  },
  {
    name: 'a name resolving to nothing',
    url: 'https://empty.example.com/file.png',
    reason: 'resolution_failed',
    setup: (net) => net.addDns('empty.example.com', []),
  },
  {
    name: 'a name resolving to something that is not an address',
    url: 'https://garbage.example.com/file.png',
    reason: 'resolution_failed',
    setup: (net) => net.addDns('garbage.example.com', ['127.0.0.1.nip.io']),
  },
  // redirects, each hop checked again
  redirectingTo('a redirect to loopback', 'https://127.0.0.1/file.png', 'private_address'),
  redirectingTo(
    'a redirect to cloud metadata',
    'https://169.254.169.254/latest/meta-data/',
    'private_address',
  ),
  redirectingTo('a redirect to decimal loopback', 'https://2130706433/file.png', 'private_address'),
  redirectingTo('a protocol-relative redirect to loopback', '//127.0.0.1/file.png', 'private_address'),
  redirectingTo(
    'a redirect to IPv4-mapped metadata',
    'https://[::ffff:a9fe:a9fe]/latest/',
    'private_address',
  ),
  redirectingTo(
    'a redirect to a name resolving inside',
    'https://internal.example.com/x',
    'private_address',
    (net) => net.addDns('internal.example.com', ['192.168.0.10']),
  ),
  redirectingTo('a redirect downgrading to http', `http://${OTHER_SITE}/file.png`, 'scheme', (net) =>
    net.addSite(OTHER_SITE, OTHER_ADDRESS, respondWith(sampleFile('png'))),
  ),
  redirectingTo('a redirect to http loopback', 'http://127.0.0.1:6379/', 'scheme'),
  redirectingTo('a redirect to file:', 'file:///etc/passwd', 'scheme'),
  redirectingTo('a redirect with credentials', 'https://admin:admin@10.0.0.1/', 'private_address'),
  {
    name: 'a redirect loop',
    url: 'https://a.example.com/file.png',
    reason: 'too_many_redirects',
    setup: (net) => {
      net.addSite('a.example.com', SITE_ADDRESS, redirectTo('https://b.example.com/file.png'));
      net.addSite('b.example.com', OTHER_ADDRESS, redirectTo('https://a.example.com/file.png'));
    },
    dialled: [SITE_ADDRESS, OTHER_ADDRESS],
  },
  {
    name: 'a redirect chain longer than the limit',
    url: `https://${SITE}/hop/1`,
    reason: 'too_many_redirects',
    setup: (net) =>
      net.addSite(SITE, SITE_ADDRESS, (request, response) => {
        const hop = Number(request.url?.split('/').pop());
        response.writeHead(302, { location: `/hop/${hop + 1}` }).end();
      }),
    dialled: [SITE_ADDRESS, SITE_ADDRESS, SITE_ADDRESS, SITE_ADDRESS],
  },
  // bodies
  serving(
    'a Content-Length above the cap',
    (_request, response) => {
      response.writeHead(200, { 'content-length': String(10 * MB), 'content-type': 'image/png' });
      response.write(sampleFile('png', 1024));
    },
    'too_large',
  ),
  serving('a body without Content-Length that streams past the cap', streamForever, 'too_large', {
    maxBytes: 256 * 1024,
  }),
  serving('PNG bytes declared image/jpeg', respondWith(sampleFile('png', 2048)), 'mime_mismatch', {
    declaredMimeType: 'image/jpeg',
  }),
  serving(
    'HTML declared application/pdf',
    respondWith(sampleFile('html'), { 'content-type': 'application/pdf' }),
    'mime_mismatch',
    { declaredMimeType: 'application/pdf' },
  ),
  serving(
    'JPEG bytes served as image/png',
    respondWith(sampleFile('jpeg', 2048), { 'content-type': 'image/png' }),
    'mime_mismatch',
  ),
  serving('a PDF where only images are allowed', respondWith(sampleFile('pdf', 2048)), 'type_not_allowed', {
    allowedMimeTypes: ['image/jpeg', 'image/png'],
  }),
  serving('unrecognisable bytes', respondWith(sampleFile('unknown', 2048)), 'type_not_allowed'),
  serving('an empty body', respondWith(Buffer.alloc(0), { 'content-type': 'image/png' }), 'empty_body'),
  serving('an empty chunked body', (_request, response) => response.writeHead(200).end(), 'empty_body'),
];

describe(SafeFetcher.name, () => {
  it(`has at least 40 hostile cases (${HOSTILE_CASES.length})`, () => {
    expect(HOSTILE_CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(HOSTILE_CASES)('refuses $name ($reason)', async ({ url, reason, setup, request, dialled }) => {
    setup?.(network);
    const sut = createSut({ totalTimeoutMs: 3_000 });

    const refusal = await refusalOf(sut.download(url, { ...REQUEST, ...request }));

    expect(refusal).toMatchObject({ reason });
    expect(network.dialledAddresses()).toEqual(dialled ?? []);
  });

  describe('with allowHttpLoopback', () => {
    it.each([
      ['http to a private address', 'http://10.0.0.1/file.png', 'private_address'],
      ['http to metadata', 'http://169.254.169.254/latest/', 'private_address'],
      ['http to a public host', `http://${SITE}/file.png`, 'scheme'],
      ['http to a name resolving to loopback and a public address', 'http://mixed.example.com/', 'scheme'],
      ['https to loopback', 'https://127.0.0.1/file.png', 'private_address'],
      ['http to IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/file.png', 'private_address'],
    ])('still refuses %s', async (_name, url, reason) => {
      network.addSite(SITE, SITE_ADDRESS, respondWith(sampleFile('png')));
      network.addDns('mixed.example.com', ['127.0.0.1', SITE_ADDRESS]);
      const sut = createSut({ allowHttpLoopback: true });

      const refusal = await refusalOf(sut.download(url, REQUEST));

      expect(refusal.reason).toBe(reason);
      expect(network.dialledAddresses()).toEqual([]);
    });
  });

  describe('a public download', () => {
    it('connects to the checked address with the host name kept for TLS', async () => {
      const png = sampleFile('png', 5000);
      network.addSite(SITE, SITE_ADDRESS, respondWith(png, { 'content-type': 'image/png' }));
      const sut = createSut();

      const download = await sut.download(`https://${SITE}/file.png?token=abc`, REQUEST);

      expect(download).toMatchObject({ size: 5000, mimeType: 'image/png', sniffedMimeType: 'image/png' });
      expect(download.bytes.equals(png)).toBe(true);
      expect(network.connections).toEqual([
        { protocol: 'https:', address: SITE_ADDRESS, port: 443, servername: SITE },
      ]);
      expect(network.requests[0]).toMatchObject({ host: SITE, path: '/file.png?token=abc' });
      expect(network.lookups).toEqual([SITE]);
    });

    it('uses the declared type when the bytes confirm it', async () => {
      network.addSite(SITE, SITE_ADDRESS, respondWith(sampleFile('docx', 3000)));
      const sut = createSut();
      const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

      const download = await sut.download(`https://${SITE}/receipt`, {
        maxBytes: MB,
        allowedMimeTypes: [docx],
        declaredMimeType: docx,
      });

      expect(download.mimeType).toBe(docx);
    });

    it('ignores an uninformative Content-Type', async () => {
      network.addSite(
        SITE,
        SITE_ADDRESS,
        respondWith(sampleFile('pdf', 3000), { 'content-type': 'application/octet-stream' }),
      );
      const sut = createSut();

      const download = await sut.download(`https://${SITE}/receipt`, {
        ...REQUEST,
        declaredMimeType: 'application/pdf',
      });

      expect(download.mimeType).toBe('application/pdf');
    });

    it('tries the next checked address when the first cannot be reached', async () => {
      network.addSite(SITE, SITE_ADDRESS, respondWith(sampleFile('png')));
      network.addDns(SITE, [OTHER_ADDRESS, SITE_ADDRESS]);
      const sut = createSut();

      const download = await sut.download(`https://${SITE}/file.png`, REQUEST);

      expect(download.size).toBe(sampleFile('png').length);
      expect(network.dialledAddresses()).toEqual([OTHER_ADDRESS, SITE_ADDRESS]);
    });

    it('follows a redirect to another public host, checking it again', async () => {
      network.addSite(SITE, SITE_ADDRESS, redirectTo(`https://${OTHER_SITE}/real.png`, 307));
      network.addSite(OTHER_SITE, OTHER_ADDRESS, respondWith(sampleFile('png')));
      const sut = createSut();

      const download = await sut.download(`https://${SITE}/file.png`, REQUEST);

      expect(download).toMatchObject({ finalUrl: `https://${OTHER_SITE}/real.png`, redirects: 1 });
      expect(network.lookups).toEqual([SITE, OTHER_SITE]);
      expect(network.dialledAddresses()).toEqual([SITE_ADDRESS, OTHER_ADDRESS]);
    });
  });

  describe('headers', () => {
    it('sends caller headers on the same origin, but not to another origin after a redirect', async () => {
      network.addSite(SITE, SITE_ADDRESS, (request, response) => {
        if (request.url === '/first') redirectTo('/second')(request, response);
        else redirectTo(`https://${OTHER_SITE}/file.png`)(request, response);
      });
      network.addSite(OTHER_SITE, OTHER_ADDRESS, respondWith(sampleFile('png')));
      const sut = createSut();

      await sut.download(`https://${SITE}/first`, {
        ...REQUEST,
        headers: { authorization: 'Bearer secret' },
      });

      expect(network.requests.map(({ path, headers }) => [path, headers.authorization])).toEqual([
        ['/first', 'Bearer secret'],
        ['/second', 'Bearer secret'],
        ['/file.png', undefined],
      ]);
    });

    it('never sends cookies, even those set by a redirect', async () => {
      network.addSite(SITE, SITE_ADDRESS, (request, response) => {
        if (request.url === '/first') redirectTo('/second')(request, response);
        else respondWith(sampleFile('png'))(request, response);
      });
      const sut = createSut();

      await sut.download(`https://${SITE}/first`, REQUEST);

      expect(network.requests.map(({ headers }) => headers.cookie)).toEqual([undefined, undefined]);
    });

    it.each(['Host', 'cookie'])('refuses a caller-supplied %s header', async (name) => {
      const sut = createSut();

      await expect(
        sut.download(`https://${SITE}/file.png`, { ...REQUEST, headers: { [name]: 'x' } }),
      ).rejects.toThrow(TypeError);
      expect(network.lookups).toEqual([]);
    });
  });

  describe('HTTP answers', () => {
    it.each([
      [404, false],
      [403, false],
      [429, true],
      [503, true],
    ])('refuses HTTP %i (retryable: %s)', async (status, retryable) => {
      network.addSite(SITE, SITE_ADDRESS, (_request, response) => response.writeHead(status).end());
      const sut = createSut();

      const refusal = await refusalOf(sut.download(`https://${SITE}/file.png`, REQUEST));

      expect(refusal).toMatchObject({ reason: 'http_status', status, retryable });
      expect(refusal.message).toBe(`The attachment host answered HTTP ${status}.`);
    });

    it('refuses a redirect without Location', async () => {
      network.addSite(SITE, SITE_ADDRESS, (_request, response) => response.writeHead(302).end());
      const sut = createSut();

      const refusal = await refusalOf(sut.download(`https://${SITE}/file.png`, REQUEST));

      expect(refusal).toMatchObject({ reason: 'http_status', status: 302 });
    });
  });

  describe('failures on the way', () => {
    it('reports an unreachable public host as retryable connection_failed', async () => {
      network.addDns(SITE, [OTHER_ADDRESS]);
      const sut = createSut();

      const refusal = await refusalOf(sut.download(`https://${SITE}/file.png`, REQUEST));

      expect(refusal).toMatchObject({ reason: 'connection_failed', retryable: true });
    });

    it('times out when the host never answers', async () => {
      network.addSite(SITE, SITE_ADDRESS, () => undefined);
      const sut = createSut({ totalTimeoutMs: 150 });

      const refusal = await refusalOf(sut.download(`https://${SITE}/file.png`, REQUEST));

      expect(refusal).toMatchObject({ reason: 'timeout', retryable: true });
    });

    it('times out when the body stalls', async () => {
      network.addSite(SITE, SITE_ADDRESS, (_request, response) => {
        response.writeHead(200, { 'content-length': '10000' });
        response.write(sampleFile('png', 100));
      });
      const sut = createSut({ totalTimeoutMs: 150 });

      const refusal = await refusalOf(sut.download(`https://${SITE}/file.png`, REQUEST));

      expect(refusal.reason).toBe('timeout');
    });

    it('times out when the resolver never answers, without connecting', async () => {
      const sut = createSut({ totalTimeoutMs: 100, resolver: () => new Promise(() => undefined) });

      const refusal = await refusalOf(sut.download(`https://${SITE}/file.png`, REQUEST));

      expect(refusal.reason).toBe('timeout');
      expect(network.connections).toEqual([]);
    });

    it("rejects with the caller's abort reason when the caller aborts", async () => {
      network.addSite(SITE, SITE_ADDRESS, () => undefined);
      const controller = new AbortController();
      const sut = createSut();

      const download = sut.download(`https://${SITE}/file.png`, { ...REQUEST, signal: controller.signal });
      const reason = new Error('shutting down');
      setImmediate(() => controller.abort(reason));

      await expect(download).rejects.toBe(reason);
    });
  });

  describe('request validation', () => {
    it.each([0, -1, 1.5, Number.NaN])('refuses maxBytes %p', async (maxBytes) => {
      await expect(createSut().download(`https://${SITE}/`, { ...REQUEST, maxBytes })).rejects.toThrow(
        TypeError,
      );
    });

    it('refuses an empty list of allowed types', async () => {
      await expect(
        createSut().download(`https://${SITE}/`, { ...REQUEST, allowedMimeTypes: [] }),
      ).rejects.toThrow(TypeError);
    });
  });
});
