/**
 * Which URLs the emulator posts webhooks to. Loopback stays allowed (that is how tests and local
 * apps receive events); link-local addresses (cloud metadata services such as
 * `169.254.169.254`) and the unspecified address are refused unless allowed explicitly, so an
 * endpoint cannot make the emulator post to a machine's internal services.
 */

/** Why `url` is not a webhook target the emulator posts to, or `null` when it is one. */
export function webhookTargetProblem(url: string, allowPrivateTargets = false): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'it is not an absolute URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return 'webhooks are delivered over http or https only';
  }
  if (allowPrivateTargets) {
    return null;
  }
  // The URL parser has already normalised the host: decimal, hex and short IPv4 forms read as
  // dotted quads, IPv6 as compressed lower-case hex in brackets.
  const host = parsed.hostname;
  const v4 = host.startsWith('[') ? ipv4InIpv6(host.slice(1, -1)) : parseIpv4(host);
  if (v4 !== null) {
    if (v4[0] === 0) return 'it names the unspecified address (0.0.0.0/8)';
    if (v4[0] === 169 && v4[1] === 254) return 'it names a link-local address (169.254.0.0/16)';
    return null;
  }
  if (host.startsWith('[')) {
    const groups = parseIpv6(host.slice(1, -1));
    if (groups === null) return null;
    if (groups.every((group) => group === 0)) return 'it names the unspecified address (::)';
    if (((groups[0] ?? 0) & 0xffc0) === 0xfe80) return 'it names a link-local address (fe80::/10)';
  }
  return null;
}

function parseIpv4(host: string): readonly number[] | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return match === null ? null : match.slice(1).map(Number);
}

/** The eight 16-bit groups of an IPv6 address as the URL parser writes it, or `null`. */
function parseIpv6(address: string): readonly number[] | null {
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (part: string): number[] => (part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16)));
  const head = groupsOf(halves[0] ?? '');
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const groups = [...head, ...Array.from({ length: missing }, () => 0), ...tail];
  return groups.some((group) => !Number.isInteger(group) || group < 0 || group > 0xffff) ? null : groups;
}

/** The IPv4 address an IPv4-mapped (`::ffff:a.b.c.d`) or NAT64 (`64:ff9b::a.b.c.d`) address reaches. */
function ipv4InIpv6(address: string): readonly number[] | null {
  const groups = parseIpv6(address);
  if (groups === null) return null;
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  const nat64 = groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((group) => group === 0);
  if (!mapped && !nat64) return null;
  const high = groups[6] ?? 0;
  const low = groups[7] ?? 0;
  return [high >> 8, high & 0xff, low >> 8, low & 0xff];
}
