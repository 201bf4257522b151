import type { Route, RouteOutcome } from '../router.js';
import { ELEMENT_FRAME_CSP, ELEMENT_FRAME_SCRIPT_PATH, elementFramePage, elementFramePath } from '../stripe-js/element-frame-page.js';
import type { ElementFrameKind } from '../stripe-js/element-frame-page.js';
import { elementFrameScript, JAVASCRIPT_CONTENT_TYPE, stripeJsScript } from '../stripe-js/served-script.js';
import { HTML_CONTENT_TYPE } from '../pages/html.js';

function script(body: string): RouteOutcome {
  return { status: 200, body, contentType: JAVASCRIPT_CONTENT_TYPE, headers: { 'x-content-type-options': 'nosniff' }, changed: false };
}

function framePage(kind: ElementFrameKind): Route {
  return {
    method: 'GET',
    pattern: elementFramePath(kind),
    auth: 'none',
    renders: 'none',
    handle: () => ({
      status: 200,
      body: elementFramePage(kind),
      contentType: HTML_CONTENT_TYPE,
      headers: { 'content-security-policy': ELEMENT_FRAME_CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' },
      changed: false,
    }),
  };
}

const STRIPE_JS_V3: Route['handle'] = (context) => script(stripeJsScript(context.baseUrl, 3));

/**
 * The emulator's Stripe.js-compatible script and the Element iframes it mounts, served without an
 * API key: `/js/v3`, `/v3` and `/<train>/stripe.js` (the paths of `https://js.stripe.com/v3` and of
 * `@stripe/stripe-js`'s `loadStripe`), with the emulator's base URL baked in.
 *
 * @remarks The script calls the API with the page's publishable key, like Stripe.js; card and bank
 * details stay in the Element iframes, which create the PaymentMethods themselves.
 */
export const STRIPE_JS_ROUTES: readonly Route[] = [
  { method: 'GET', pattern: '/js/v3', auth: 'none', renders: 'none', handle: STRIPE_JS_V3 },
  { method: 'GET', pattern: '/v3', auth: 'none', renders: 'none', handle: STRIPE_JS_V3 },
  {
    method: 'GET',
    pattern: '/:train/stripe.js',
    auth: 'none',
    renders: 'none',
    handle: (context) => script(stripeJsScript(context.baseUrl, context.path['train'] ?? 'v3')),
  },
  { method: 'GET', pattern: ELEMENT_FRAME_SCRIPT_PATH, auth: 'none', renders: 'none', handle: () => script(elementFrameScript()) },
  framePage('card'),
  framePage('payment'),
];
