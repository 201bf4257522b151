/**
 * What a browser may do with the emulator. Any web page a developer opens can send requests to
 * `127.0.0.1`, so the emulator answers cross-origin reads only for loopback origins and those
 * its operator names, and answers served requests only under loopback names, its own and those
 * named (a page on another name that resolves to loopback, DNS rebinding, is refused).
 */

/** The switches of {@link createBrowserAccess}. */
export interface BrowserAccessOptions {
  /**
   * Origins (`https://shop.test:8443`) whose pages may call the API and read its answers, besides
   * loopback ones; `'*'` lets every origin do so, `'null'` lets sandboxed frames and `file:` pages.
   */
  readonly allowedOrigins?: readonly string[];
  /** Host names (`emulator.internal`) served requests may name in `Host`, besides loopback ones and the emulator's own. */
  readonly allowedHosts?: readonly string[];
}

/** The decisions {@link createBrowserAccess} makes for each request. */
export interface BrowserAccess {
  /** The `Access-Control-Allow-Origin` value for a request's `Origin`, or `null` when that origin may not read answers. */
  readonly allowOrigin: (origin: string | undefined) => string | null;
  /** Whether a served request's `Host` header names the emulator; an absent header (HTTP/1.0) passes. */
  readonly hostAllowed: (host: string | undefined) => boolean;
  /** Whether every origin is allowed (`'*'`): answers then do not vary by origin. */
  readonly anyOrigin: boolean;
  /** The configured origins, as CSP sources, for pages other origins may frame (`'null'` becomes `file:`). */
  readonly frameSources: readonly string[];
}

/** Whether a host name (as `URL.hostname` writes it) is a loopback name. */
export function isLoopbackName(hostname: string): boolean {
  const name = hostname.toLowerCase();
  return name === 'localhost' || name === '127.0.0.1' || name === '[::1]' || name.endsWith('.localhost');
}

/** The hostname of a `Host` header (`name[:port]`), or `null` when it is not one. */
function hostnameOf(host: string): string | null {
  if (host === '' || /[/?#@\\\s]/.test(host)) return null;
  try {
    return new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return null;
  }
}

function originOf(value: string): string | null {
  if (value === 'null' || value === '*') return value;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** How many verdicts per header value are remembered; past it they are forgotten and worked out again. */
const MAX_REMEMBERED = 256;

/**
 * Remembers a verdict per header value while the emulator's own URL stays the same: parsing a
 * `Host` or `Origin` with `URL` on every request was a measurable part of answering one.
 */
function memoByValue<T>(ownUrl: () => string, decide: (value: string) => T): (value: string) => T {
  let forUrl = '';
  const verdicts = new Map<string, T>();
  return (value) => {
    const url = ownUrl();
    if (url !== forUrl || verdicts.size >= MAX_REMEMBERED) {
      forUrl = url;
      verdicts.clear();
    }
    const known = verdicts.get(value);
    if (known !== undefined) return known;
    const verdict = decide(value);
    verdicts.set(value, verdict);
    return verdict;
  };
}

/**
 * The browser access policy. `ownUrl` is the emulator's base URL, read per request (`listen`
 * sets it once it knows its port): its origin and host name are always allowed.
 *
 * @throws Error for an allowed origin that is not an http(s) origin, `'null'` or `'*'`.
 */
export function createBrowserAccess(options: BrowserAccessOptions, ownUrl: () => string): BrowserAccess {
  const origins = new Set<string>();
  for (const given of options.allowedOrigins ?? []) {
    const origin = originOf(given.trim());
    if (origin === null) {
      throw new Error(`An allowed origin must be an http(s) origin, 'null' or '*': ${given}`);
    }
    origins.add(origin);
  }
  const hosts = new Set((options.allowedHosts ?? []).map((host) => host.trim().toLowerCase()).filter((host) => host !== ''));
  const anyOrigin = origins.has('*');
  const own = (): URL | null => {
    try {
      return new URL(ownUrl());
    } catch {
      return null;
    }
  };
  const originAllowed = memoByValue(ownUrl, (origin): string | null => {
    if (origins.has(origin)) return origin;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return null;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    // Only an exact origin is reflected: `Origin: http://localhost/path` is not a browser's.
    if (url.origin !== origin) return null;
    return isLoopbackName(url.hostname) || url.origin === own()?.origin ? origin : null;
  });
  const hostNamesEmulator = memoByValue(ownUrl, (host): boolean => {
    const hostname = hostnameOf(host.trim());
    if (hostname === null) return false;
    return isLoopbackName(hostname) || hosts.has(hostname) || hostname === own()?.hostname.toLowerCase();
  });
  return {
    anyOrigin,
    // CSP has no source for the opaque origin `null`; `file:` covers the pages it is asked for (a file opened in a browser).
    frameSources: anyOrigin ? ['*'] : [...origins].map((origin) => (origin === 'null' ? 'file:' : origin)),
    allowOrigin: (origin) => (anyOrigin ? '*' : origin === undefined ? null : originAllowed(origin)),
    hostAllowed: (host) => host === undefined || hostNamesEmulator(host),
  };
}

/** The CORS headers of an answer to a request from `origin`: none for an origin that may not read it. */
export function corsHeadersFor(browser: BrowserAccess, origin: string | undefined): Record<string, string> {
  if (browser.anyOrigin) {
    return { 'access-control-allow-origin': '*' };
  }
  const allowed = browser.allowOrigin(origin);
  return allowed === null ? { vary: 'Origin' } : { 'access-control-allow-origin': allowed, vary: 'Origin' };
}
