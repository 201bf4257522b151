import type { RedirectStatus } from '../../core/redirect-status.js';
import type { SetupIntent } from '../../types/setup-intent.js';

/** Schemes a page must never send the browser to: they run code or carry a document. */
const UNSAFE_SCHEMES: ReadonlySet<string> = new Set(['javascript:', 'data:', 'vbscript:', 'blob:']);

/** The return URL a SetupIntent's `redirect_to_url` next action carries, if any. */
export function returnUrlOf(intent: Pick<SetupIntent, 'next_action'>): string | null {
  const redirect = intent.next_action?.type === 'redirect_to_url' ? intent.next_action.redirect_to_url : undefined;
  return redirect?.return_url ?? null;
}

/** The return URL parsed, when it is an absolute URL a browser may be redirected to. */
function parseReturnUrl(returnUrl: string): URL | null {
  let url: URL;
  try {
    url = new URL(returnUrl);
  } catch {
    return null;
  }
  return UNSAFE_SCHEMES.has(url.protocol) ? null : url;
}

/** Whether a return URL is an absolute URL the emulator will redirect to. */
export function isRedirectable(returnUrl: string): boolean {
  return parseReturnUrl(returnUrl) !== null;
}

/**
 * The Content-Security-Policy source that lets a form post end in a redirect to `returnUrl`: its
 * origin for http(s), its scheme for an app's custom scheme, `null` when it is not redirectable.
 */
export function formActionSource(returnUrl: string): string | null {
  const url = parseReturnUrl(returnUrl);
  if (url === null) {
    return null;
  }
  return url.origin !== 'null' ? url.origin : url.protocol;
}

/**
 * The return URL with Stripe's query parameters appended (`setup_intent`,
 * `setup_intent_client_secret`, `redirect_status`), keeping its own query and fragment; an absolute
 * URL comes back normalized (`https://shop.example` becomes `https://shop.example/?...`).
 *
 * @example
 * returnUrlWithResult('https://shop.example/done?order=7', intent, 'succeeded');
 * // 'https://shop.example/done?order=7&setup_intent=seti_...&setup_intent_client_secret=...&redirect_status=succeeded'
 */
export function returnUrlWithResult(
  returnUrl: string,
  intent: Pick<SetupIntent, 'id' | 'client_secret'>,
  status: RedirectStatus,
  object: 'setup_intent' | 'payment_intent' = 'setup_intent',
): string {
  const hashAt = returnUrl.indexOf('#');
  const beforeHash = hashAt === -1 ? returnUrl : returnUrl.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : returnUrl.slice(hashAt);
  // A PaymentIntent's return carries `payment_intent` and `payment_intent_client_secret` instead
  // (https://docs.stripe.com/payments/payment-intents/verifying-status#checking-status-retrieve).
  const query = new URLSearchParams({ [object]: intent.id, [`${object}_client_secret`]: intent.client_secret ?? '', redirect_status: status }).toString();
  const separator = !beforeHash.includes('?') ? '?' : beforeHash.endsWith('?') || beforeHash.endsWith('&') ? '' : '&';
  const joined = `${beforeHash}${separator}${query}${hash}`;
  // Serializing through URL percent-encodes what a header may not carry (non-ASCII, controls).
  return URL.canParse(joined) ? new URL(joined).href : joined;
}
