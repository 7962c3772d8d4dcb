import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses an outbound webhook may not reach unless an admin allowed it (SSRF): every range the
 * IANA special-purpose registries set aside (loopback, private, link-local, CGNAT, multicast,
 * documentation, benchmarking, reserved), and their IPv6 counterparts (ULA, link-local, NAT64 and
 * 6to4 forms that can embed a private IPv4 address). Node's own BlockList does the matching, and it
 * also matches IPv4-mapped IPv6 addresses (::ffff:127.0.0.1) against the IPv4 rules. No library is
 * needed beyond it; the ranges themselves are the part no library decides for us.
 */
const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  // No rule for ::ffff:0:0/96: BlockList matches IPv4-mapped addresses against the IPv4 rules
  // above, and such a rule would match every IPv4 address too.
  ['::', 96], // unspecified, loopback and the deprecated IPv4-compatible form
  ['64:ff9b::', 96], // NAT64
  ['64:ff9b:1::', 48],
  ['100::', 64], // discard
  ['2001::', 23], // IETF protocol assignments (Teredo, benchmarking, ORCHID…)
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv6');

/** Whether an IP address is one outbound webhooks may not reach (private, loopback, …). */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true; // not an address at all: refuse
  return BLOCKED.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

export type UrlProblem = { code: 'url_invalid' | 'url_private' | 'url_unresolvable'; message: string };

export type Resolver = (host: string) => Promise<string[]>;

/** The system resolver (what the HTTP request would use), every address of the host. */
export const systemResolver: Resolver = (host) =>
  new Promise((ok, fail) => dnsLookup(host, { all: true, verbatim: true }, (err, addrs: LookupAddress[]) => (err ? fail(err) : ok(addrs.map((a) => a.address)))));

/** The URL's host as a bare name or address (IPv6 without brackets). */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** A URL an integrator can receive on: http(s), no credentials in it. Null when fine. */
export function urlShapeProblem(raw: string): UrlProblem | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { code: 'url_invalid', message: 'url is not a valid web address' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { code: 'url_invalid', message: 'url must start with https:// (or http://)' };
  if (url.username || url.password) return { code: 'url_invalid', message: 'url must not carry a user name or password; the signature authenticates each delivery' };
  return null;
}

/**
 * Where the URL points, checked: every address its host resolves to must be public, unless
 * `allowPrivate`. The WHATWG parser has already turned 0x7f.1, 2130706433 and the like into
 * dotted form. At delivery time the same check runs again inside the connection's own lookup
 * (`webhook-sender.ts`), so a name that later resolves elsewhere (DNS rebinding) is refused too.
 */
export async function urlProblem(raw: string, allowPrivate: boolean, resolve: Resolver = systemResolver): Promise<UrlProblem | null> {
  const shape = urlShapeProblem(raw);
  if (shape || allowPrivate) return shape;
  const host = hostOf(new URL(raw));
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await resolve(host);
    } catch {
      return { code: 'url_unresolvable', message: `${host} could not be found (DNS)` };
    }
  }
  if (!addresses.length) return { code: 'url_unresolvable', message: `${host} could not be found (DNS)` };
  if (addresses.some(isPrivateAddress)) return { code: 'url_private', message: `${host} points at a private, loopback or reserved address; only an admin can allow that for a subscription` };
  return null;
}
