import { ipv4FromBytes, ipv6Bytes } from './ipv6.util';

const hex = (bytes: Uint8Array | undefined) => (bytes ? Buffer.from(bytes).toString('hex') : undefined);

describe(ipv6Bytes.name, () => {
  it.each([
    ['::', '00000000000000000000000000000000'],
    ['::1', '00000000000000000000000000000001'],
    ['fe80::1', 'fe800000000000000000000000000001'],
    ['2001:db8::8a2e:370:7334', '20010db80000000000008a2e03707334'],
    ['::ffff:127.0.0.1', '00000000000000000000ffff7f000001'],
    ['64:ff9b::10.0.0.1', '0064ff9b0000000000000000' + '0a000001'],
    ['2002:c0a8:101::', '2002c0a8010100000000000000000000'],
    ['1:2:3:4:5:6:7:8', '00010002000300040005000600070008'],
    ['FD00:EC2::254', 'fd000ec2000000000000000000000254'],
  ])('expands %s', (address, expected) => {
    expect(hex(ipv6Bytes(address))).toBe(expected);
  });

  it.each(['127.0.0.1', 'fe80::1%eth0', '1::2::3', 'not an address', ''])('refuses %p', (address) => {
    expect(ipv6Bytes(address)).toBeUndefined();
  });
});

describe(ipv4FromBytes.name, () => {
  it('reads four bytes as a dotted quad', () => {
    expect(ipv4FromBytes(Uint8Array.from([0, 0, 169, 254, 169, 254]), 2)).toBe('169.254.169.254');
  });
});
