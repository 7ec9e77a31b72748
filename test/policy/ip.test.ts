import { describe, expect, it } from 'vitest';
import { cidrContains, cidrFirstAddress, parseCidr, parseIp } from '../../src/policy/ip.js';

describe('IP addresses and CIDR blocks', () => {
  it.each([
    ['10.0.0.0/8', '10.255.255.255', true],
    ['10.0.0.0/8', '11.0.0.0', false],
    ['0.0.0.0/0', '203.0.113.9', true],
    ['::/0', '2001:db8::1', true],
    ['::/0', '10.0.0.1', false],
    ['2001:db8::/32', '2001:0db8:0000:0000:0000:0000:0000:0001', true],
    ['2001:db8::/32', '2001:db8::', true],
    ['fd00::/8', 'fdff:ffff::1', true],
    ['::ffff:10.0.0.0/104', '::ffff:10.1.2.3', true],
    ['::1', '::1', true],
    ['192.0.2.7', '192.0.2.8', false],
  ])('%s contains %s: %s', (cidr, ip, expected) => {
    const block = parseCidr(cidr);
    const addr = parseIp(ip);
    expect(block && addr && cidrContains(block, addr)).toBe(expected);
  });

  it.each(['10.0.0.0/33', '256.0.0.1', '10.0.0', '1::2::3', '2001:db8::/129', 'fe80::1%eth0', '10.0.0.0/8/8', '', 'gggg::1', '1:2:3:4:5:6:7:8:9'])('rejects %s', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  it('gives the first address of a block', () => {
    expect(cidrFirstAddress(parseCidr('10.1.2.3/16') ?? { version: 4, network: 0n, prefix: 0 })).toBe('10.1.0.0');
    expect(cidrFirstAddress(parseCidr('2001:db8:1:2::/32') ?? { version: 6, network: 0n, prefix: 0 })).toBe('2001:db8:0:0:0:0:0:0');
  });
});
