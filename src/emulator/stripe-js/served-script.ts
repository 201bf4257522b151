import { installStripeJs } from './client.js';
import type { StripeJsSettings } from './client.js';
import { runElementFrame } from './element-frame.js';
import { elementFramePath } from './element-frame-page.js';
import { openAuthenticationModal } from './modal.js';
import { createBrowserWire } from './wire.js';

/** The content type of the served scripts. */
export const JAVASCRIPT_CONTENT_TYPE = 'application/javascript; charset=utf-8';

// The browser code is written as self-contained functions; serving their source text needs no
// bundler, and runs the same from src (under vitest) as from dist.
const sourceOf = (fn: (...args: never[]) => unknown): string => fn.toString();

/**
 * The Stripe.js-compatible script: `window.Stripe`, bound to the emulator at `baseUrl`.
 *
 * @param version - `window.Stripe.version`: `3` for `/v3`, the release train for `/<train>/stripe.js`.
 */
export function stripeJsScript(baseUrl: string, version: number | string): string {
  const settings: StripeJsSettings = { baseUrl, framePaths: { card: elementFramePath('card'), payment: elementFramePath('payment') }, version };
  return `/* Stripe.js-compatible test client of the setup-intent-machine emulator; not Stripe's code. */
(function () {
'use strict';
(${sourceOf(installStripeJs)})(${JSON.stringify(settings)}, ${sourceOf(createBrowserWire)}, ${sourceOf(openAuthenticationModal)});
})();
`;
}

/** The script of every Element iframe page. */
export function elementFrameScript(): string {
  return `(function () {
'use strict';
(${sourceOf(runElementFrame)})(${sourceOf(createBrowserWire)});
})();
`;
}
