import type { ApiKeyKind } from '../core/access.js';
import type { Answer } from './wire.js';

/** The caller's API key, once recognised. */
export interface Caller {
  /** The key as sent. */
  readonly key: string;
  /** Secret (`sk_test_`, `rk_test_`) or publishable (`pk_test_`). */
  readonly kind: ApiKeyKind;
}

/** The result of reading the `Authorization` header. */
export type Authentication = { readonly ok: true; readonly caller: Caller } | { readonly ok: false; readonly answer: Answer };

const NO_KEY =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). " +
  'See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.';

const KEY_SHAPE = /^(sk|rk|pk)_(test|live)_[A-Za-z0-9_]{1,247}$/;

/** Stripe's redaction of a key in messages: the prefix, asterisks, and the last four characters. */
function redacted(key: string): string {
  const prefix = /^[a-z]{2}_(?:test|live)_/.exec(key)?.[0] ?? '';
  return `${prefix}${'*'.repeat(Math.max(0, Math.min(key.length - prefix.length - 4, 24)))}${key.slice(-4)}`;
}

function unauthorized(message: string, code?: string): Answer {
  return { status: 401, body: { error: code === undefined ? { type: 'invalid_request_error', message } : { type: 'invalid_request_error', code, message } } };
}

function keyFromHeader(header: string): string | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer !== null) {
    return bearer[1] ?? null;
  }
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (basic !== null) {
    // Basic auth carries the key as the user name, with an empty password.
    const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon === -1 ? decoded : decoded.slice(0, colon);
  }
  return null;
}

/**
 * Recognises the API key of a request. Any well-formed test-mode key is accepted (which account
 * it acts on is `accountOfKey`'s rule); live keys are refused because the emulator only runs in
 * test mode.
 */
export function authenticate(authorization: string | undefined): Authentication {
  if (authorization === undefined || authorization.trim() === '') {
    return { ok: false, answer: unauthorized(NO_KEY) };
  }
  const key = keyFromHeader(authorization);
  if (key === null || key === '') {
    return {
      ok: false,
      answer: unauthorized(
        'Invalid API Key provided: the Authorization header must be `Bearer <key>` or Basic auth with the key as the user name.',
      ),
    };
  }
  const shape = KEY_SHAPE.exec(key);
  if (shape === null) {
    return { ok: false, answer: unauthorized(`Invalid API Key provided: ${redacted(key)}`, 'api_key_invalid') };
  }
  if (shape[2] === 'live') {
    return {
      ok: false,
      answer: unauthorized(`Invalid API Key provided: ${redacted(key)}. This emulator runs in test mode only: use a test key.`, 'api_key_invalid'),
    };
  }
  return { ok: true, caller: { key, kind: shape[1] === 'pk' ? 'publishable' : 'secret' } };
}

/** The answer for a publishable key used on an endpoint that needs a secret key. */
export function secretKeyRequired(): Answer {
  return unauthorized(
    'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.',
    'secret_key_required',
  );
}
