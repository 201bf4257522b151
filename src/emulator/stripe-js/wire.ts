/// <reference lib="dom" />
// Runs in the browser: served as source text (see served-script.ts), so it must not refer to
// anything outside its own body.

/** An API answer seen from the browser: whether it was a 2xx, and the JSON body. */
export interface BrowserWireAnswer {
  readonly ok: boolean;
  /** The body; on failure `{ error }`, also for a network failure (`api_connection_error`). */
  readonly body: any;
}

/** The emulator's API as a browser calls it with a publishable key. */
export interface BrowserWire {
  /** `GET path?params`. */
  readonly get: (path: string, params: Readonly<Record<string, unknown>>) => Promise<BrowserWireAnswer>;
  /** `POST path` with a form-encoded body. */
  readonly post: (path: string, params: Readonly<Record<string, unknown>>) => Promise<BrowserWireAnswer>;
}

/**
 * Makes the API client of the browser script and of the Element iframes: Stripe's bracket form
 * encoding (`card[number]=...`, `amounts[0]=32`), the publishable key as a Bearer token.
 */
export function createBrowserWire(baseUrl: string, publishableKey: string): BrowserWire {
  const encode = (prefix: string, value: unknown, out: URLSearchParams): void => {
    if (value === undefined || value === null) {
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => encode(`${prefix}[${index}]`, item, out));
    } else if (typeof value === 'object') {
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        encode(prefix === '' ? key : `${prefix}[${key}]`, item, out);
      }
    } else {
      out.append(prefix, String(value));
    }
  };
  const send = async (method: 'GET' | 'POST', path: string, params: Readonly<Record<string, unknown>>): Promise<BrowserWireAnswer> => {
    const form = new URLSearchParams();
    encode('', params, form);
    const headers: Record<string, string> = { authorization: `Bearer ${publishableKey}` };
    let url = `${baseUrl}${path}`;
    let body: string | undefined;
    if (method === 'GET') {
      url += `?${form.toString()}`;
    } else {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = form.toString();
    }
    try {
      const response = await fetch(url, body === undefined ? { method, headers } : { method, headers, body });
      return { ok: response.ok, body: await response.json() };
    } catch (cause) {
      return { ok: false, body: { error: { type: 'api_connection_error', message: `Could not reach the emulator at ${baseUrl}: ${String(cause)}` } } };
    }
  };
  return { get: (path, params) => send('GET', path, params), post: (path, params) => send('POST', path, params) };
}
