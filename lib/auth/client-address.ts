import { BlockList, isIP } from 'node:net';

/**
 * The proxies whose X-Forwarded-For is believed: KEYWARDEN_TRUSTED_PROXIES, a comma list of IP
 * addresses and CIDR ranges. Empty (the default): no forwarded header is believed, and the
 * client's address is the connection's peer. A malformed entry is an error, never ignored.
 */
export function parseTrustedProxies(setting: string | undefined): BlockList {
  const list = new BlockList();
  for (const entry of (setting ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(address);
    const bits = prefix === undefined ? null : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
    if (!family || extra !== undefined || Number.isNaN(bits) || (bits !== null && bits > (family === 4 ? 32 : 128))) {
      throw new Error(`KEYWARDEN_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range.`);
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === null) list.addAddress(address, type);
    else list.addSubnet(address, bits, type);
  }
  return list;
}

let cached: { setting: string | undefined; list: BlockList } | null = null;

export function trustedProxies(): BlockList {
  const setting = process.env.KEYWARDEN_TRUSTED_PROXIES;
  if (!cached || cached.setting !== setting) cached = { setting, list: parseTrustedProxies(setting) };
  return cached.list;
}

/** An address as one family spells it: IPv4-mapped IPv6 (::ffff:1.2.3.4) is IPv4. */
function normalized(address: string): string | null {
  let a = address.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'));
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(a);
  if (mapped) a = mapped[1]!;
  return isIP(a) ? a : null;
}

const trusts = (list: BlockList, address: string) => list.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');

/**
 * The client's address: the connection's peer, unless the peer is a trusted proxy; then
 * X-Forwarded-For is read from the right, past every trusted proxy, to the first address that
 * is not one (the leftmost, if all are). A hop that is not an address ends the walk at the proxy
 * that forwarded it. Null when there is no peer (a server other than scripts/server.ts).
 */
export function clientAddress(peer: string | null, forwardedFor: string | null, trusted: BlockList): string | null {
  let current = peer ? normalized(peer) : null;
  if (!current || !trusts(trusted, current)) return current;
  const hops = (forwardedFor ?? '').split(',').filter((hop) => hop.trim() !== '');
  for (const hop of hops.reverse()) {
    const address = normalized(hop);
    if (!address) return current;
    current = address;
    if (!trusts(trusted, address)) return address;
  }
  return current;
}

/** A client's own request id, kept apart from ours: 1–128 printable ASCII characters, else none. */
export function clientRequestId(value: string | null): string | null {
  return value && /^[\x20-\x7e]{1,128}$/.test(value) ? value : null;
}
