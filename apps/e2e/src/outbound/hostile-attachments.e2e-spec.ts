import { randomUUID } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import {
  at,
  eventually,
  startPlatform,
  type Platform,
  type SeededTenant,
} from '@switchboard/backend-testing-platform';
import { SAMPLE_MEDIA, customerWrites, sendsTo } from './outbound.util';

/** Names the outbound-transformer resolves from this table instead of DNS (test-only configuration). */
const INSIDE_NAMES = {
  'metadata.e2e.test': '169.254.169.254',
  'intranet.e2e.test': '10.20.30.40',
  'router.e2e.test': '192.168.0.1',
  'v6-ula.e2e.test': 'fd00::1',
  'half-inside.e2e.test': '93.184.216.34,10.0.0.7',
  'loopback.e2e.test': '127.0.0.1',
} as const;

const hostOverrides = Object.entries(INSIDE_NAMES)
  .map(([name, addresses]) => `${name}=${addresses}`)
  .join(';');

interface Counted {
  readonly port: number;
  hits: number;
  close(): Promise<void>;
}

/** A loopback TCP listener that only counts connections: "inside" must never be reached. */
async function countingListener(host: string): Promise<Counted> {
  const server = net.createServer((socket) => {
    counted.hits += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const counted: Counted = {
    port: (server.address() as AddressInfo).port,
    hits: 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return counted;
}

/** A plain-HTTP loopback server (allowed to the transformer by its test flag) for redirects and bad bodies. */
async function trickServer(insidePort: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const redirect = (location: string) => {
      response.writeHead(302, { location });
      response.end();
    };
    switch (request.url) {
      case '/to-metadata':
        return redirect('https://169.254.169.254/latest/meta-data/iam/security-credentials/');
      case '/to-private-http':
        return redirect('http://10.0.0.1/admin');
      case '/to-loopback-https':
        return redirect(`https://127.0.0.1:${insidePort}/secret`);
      case '/to-inside-name':
        return redirect('https://intranet.e2e.test/payroll.pdf');
      case '/to-ipv6-metadata':
        return redirect('https://[fd00:ec2::254]/latest/meta-data/');
      case '/redirect-loop':
        return redirect('/redirect-loop');
      case '/oversize-declared':
        response.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(6 * 1024 * 1024) });
        response.write(SAMPLE_MEDIA.jpeg);
        return response.end();
      case '/oversize-streamed': {
        response.writeHead(200, { 'content-type': 'image/jpeg' });
        const chunk = Buffer.alloc(256 * 1024, 1);
        response.write(SAMPLE_MEDIA.jpeg);
        for (let i = 0; i < 24; i += 1) response.write(chunk);
        return response.end();
      }
      case '/pdf-as-jpeg':
        response.writeHead(200, { 'content-type': 'image/jpeg' });
        return response.end(SAMPLE_MEDIA.pdf);
      case '/html-as-jpeg':
        response.writeHead(200, { 'content-type': 'image/jpeg' });
        return response.end('<html><script>alert(1)</script></html>');
      case '/exe':
        response.writeHead(200, { 'content-type': 'application/x-msdownload' });
        return response.end(Buffer.concat([Buffer.from('MZ'), Buffer.alloc(500)]));
      default:
        response.writeHead(404);
        return response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

interface HostileCase {
  readonly name: string;
  readonly url: string;
  readonly mime?: string;
  readonly mediaType?: string;
}

function hostileCases(insideV4: number, insideV6: number, trick: string): HostileCase[] {
  return [
    // Private and reserved IPv4 literals
    { name: 'RFC 1918 10/8', url: 'https://10.0.0.1/a.jpg' },
    { name: 'RFC 1918 172.16/12', url: 'https://172.16.5.4/a.jpg' },
    { name: 'RFC 1918 192.168/16', url: 'https://192.168.1.1/a.jpg' },
    { name: 'AWS/GCP metadata', url: 'https://169.254.169.254/latest/meta-data/' },
    { name: 'Alibaba metadata', url: 'https://100.100.100.200/latest/meta-data/' },
    { name: 'Azure wire server', url: 'https://168.63.129.16/machine?comp=goalstate' },
    { name: 'CGNAT 100.64/10', url: 'https://100.64.0.1/a.jpg' },
    { name: 'unspecified 0.0.0.0', url: 'https://0.0.0.0/a.jpg' },
    { name: 'multicast', url: 'https://224.0.0.1/a.jpg' },
    { name: 'broadcast', url: 'https://255.255.255.255/a.jpg' },
    // Other notations of inside addresses
    { name: 'decimal 10.0.0.1', url: 'https://167772161/a.jpg' },
    { name: 'hex metadata', url: 'https://0xa9fea9fe/latest/meta-data/' },
    { name: 'octal metadata', url: 'https://0251.0376.0251.0376/latest/meta-data/' },
    { name: 'short form 10.1', url: 'https://10.1/a.jpg' },
    // Loopback in every notation, at a live loopback listener that must see no connection
    { name: 'loopback', url: `https://127.0.0.1:${insideV4}/a.jpg` },
    { name: 'loopback decimal', url: `https://2130706433:${insideV4}/a.jpg` },
    { name: 'loopback hex', url: `https://0x7f000001:${insideV4}/a.jpg` },
    { name: 'loopback octal', url: `https://0177.0.0.1:${insideV4}/a.jpg` },
    { name: 'loopback short', url: `https://127.1:${insideV4}/a.jpg` },
    { name: 'localhost', url: `https://localhost:${insideV4}/a.jpg` },
    { name: 'IPv6 loopback', url: `https://[::1]:${insideV6}/a.jpg` },
    { name: 'IPv4-mapped loopback', url: `https://[::ffff:127.0.0.1]:${insideV4}/a.jpg` },
    // IPv6
    { name: 'IPv6 metadata (AWS)', url: 'https://[fd00:ec2::254]/latest/meta-data/' },
    { name: 'IPv4-mapped metadata', url: 'https://[::ffff:169.254.169.254]/latest/meta-data/' },
    { name: 'NAT64 of metadata', url: 'https://[64:ff9b::a9fe:a9fe]/latest/meta-data/' },
    { name: '6to4 of a private address', url: 'https://[2002:a00:1::]/a.jpg' },
    { name: 'IPv6 link-local', url: 'https://[fe80::1]/a.jpg' },
    { name: 'IPv6 unique-local', url: 'https://[fc00::5]/a.jpg' },
    { name: 'IPv6 unspecified', url: 'https://[::]/a.jpg' },
    { name: 'IPv6 multicast', url: 'https://[ff02::1]/a.jpg' },
    // DNS names that resolve inside
    { name: 'name → metadata', url: 'https://metadata.e2e.test/latest/meta-data/' },
    { name: 'name → 10/8', url: 'https://intranet.e2e.test/a.jpg' },
    { name: 'name → 192.168/16', url: 'https://router.e2e.test/a.jpg' },
    { name: 'name → IPv6 ULA', url: 'https://v6-ula.e2e.test/a.jpg' },
    { name: 'name → one public and one private address', url: 'https://half-inside.e2e.test/a.jpg' },
    { name: 'name → loopback', url: `https://loopback.e2e.test:${insideV4}/a.jpg` },
    // Redirects to inside
    { name: 'redirect to metadata', url: `${trick}/to-metadata` },
    { name: 'redirect to private http', url: `${trick}/to-private-http` },
    { name: 'redirect to loopback https', url: `${trick}/to-loopback-https` },
    { name: 'redirect to an inside name', url: `${trick}/to-inside-name` },
    { name: 'redirect to IPv6 metadata', url: `${trick}/to-ipv6-metadata` },
    { name: 'redirect loop', url: `${trick}/redirect-loop` },
    // Not https
    { name: 'plain http to a private address', url: 'http://10.1.2.3/a.jpg' },
    { name: 'ftp', url: `ftp://127.0.0.1:${insideV4}/a.jpg` },
    { name: 'file', url: 'file:///etc/passwd' },
    { name: 'credentials in the URL', url: 'https://admin:secret@169.254.169.254/a.jpg' },
    // Too large, or not what it claims to be
    { name: 'oversize (Content-Length)', url: `${trick}/oversize-declared` },
    { name: 'oversize (streamed)', url: `${trick}/oversize-streamed` },
    { name: 'PDF declared as JPEG', url: `${trick}/pdf-as-jpeg` },
    { name: 'HTML declared as JPEG', url: `${trick}/html-as-jpeg` },
    { name: 'executable', url: `${trick}/exe`, mime: 'application/x-msdownload', mediaType: 'File' },
  ];
}

describe('outbound: hostile attachment URLs are refused with a Failed receipt and nothing inside is fetched', () => {
  let platform: Platform;
  let tenant: SeededTenant;
  let insideV4: Counted;
  let insideV6: Counted;
  let trick: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    insideV4 = await countingListener('127.0.0.1');
    insideV6 = await countingListener('::1');
    trick = await trickServer(insideV4.port);
    platform = await startPlatform({
      label: 'hostile',
      env: { 'outbound-transformer': { MEDIA_FETCH_HOST_OVERRIDES: hostOverrides } },
    });
    tenant = at(platform.tenants);
  });

  afterAll(async () => {
    await platform?.stop();
    await Promise.all([insideV4?.close(), insideV6?.close(), trick?.close()]);
  });

  it('refuses every one of them', async () => {
    const customer = '15552990001';
    const conversationId = await customerWrites(platform, tenant, customer);
    const cases = hostileCases(insideV4.port, insideV6.port, trick.url);
    expect(cases.length).toBeGreaterThanOrEqual(30);

    const sent = new Map<string, HostileCase>();
    for (const hostile of cases) {
      const messageId = randomUUID();
      sent.set(messageId, hostile);
      const answer = await platform.genesys.sendRawWebhook(tenant.integrationId, {
        id: messageId,
        channel: {
          id: tenant.integrationId,
          platform: 'Open',
          type: 'Private',
          to: { id: customer, idType: 'Opaque' },
          from: { id: tenant.integrationId, idType: 'Opaque', nickname: 'Support' },
          time: new Date().toISOString(),
        },
        type: 'Text',
        direction: 'Outbound',
        originatingEntity: 'Human',
        conversationId,
        text: `Attachment: ${hostile.name}`,
        content: [
          {
            contentType: 'Attachment',
            attachment: {
              id: randomUUID(),
              mediaType: hostile.mediaType ?? 'Image',
              url: hostile.url,
              mime: hostile.mime ?? 'image/jpeg',
              filename: 'attachment.jpg',
            },
          },
        ],
      });
      expect(answer.delivery.status).toBe('delivered');
    }

    const failed = await eventually(
      async () => {
        const receipts = await platform.genesys.inbound({ kind: 'receipt' });
        const ours = receipts.filter((r) => r.accepted && sent.has(String(r.body['id'])));
        return ours.length >= sent.size ? ours : undefined;
      },
      60_000,
      `${sent.size} Failed receipts`,
    );

    const notFailed = failed
      .filter((r) => r.body['status'] !== 'Failed')
      .map((r) => sent.get(String(r.body['id']))?.name);
    expect(notFailed).toEqual([]);
    for (const receipt of failed) {
      expect(receipt.body).toMatchObject({
        isFinalReceipt: true,
        reasons: [{ code: expect.any(String), message: expect.any(String) }],
      });
      expect(JSON.stringify(receipt.body)).not.toContain('secret');
    }
    expect(insideV4.hits).toBe(0);
    expect(insideV6.hits).toBe(0);
    expect(await sendsTo(platform, tenant, customer)).toHaveLength(0);
  });
});
