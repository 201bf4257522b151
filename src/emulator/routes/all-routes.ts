import type { Route } from '../router.js';
import { CHARGE_ROUTES } from './charges.js';
import { PAYMENT_INTENT_ROUTES } from './payment-intents.js';
import { CUSTOMER_ROUTES } from './customers.js';
import { EVENT_ROUTES } from './events.js';
import { HOSTED_PAGE_ROUTES } from './hosted-pages.js';
import { PAYMENT_METHOD_ROUTES } from './payment-methods.js';
import { REFUND_ROUTES } from './refunds.js';
import { SETUP_ATTEMPT_AND_MANDATE_ROUTES } from './setup-attempts-and-mandates.js';
import { SETUP_INTENT_ROUTES } from './setup-intents.js';
import { STRIPE_JS_ROUTES } from './stripe-js.js';
import { TEST_HELPER_ROUTES } from './test-helpers.js';
import { WEBHOOK_ENDPOINT_ROUTES } from './webhook-endpoints.js';

/** Every route the emulator answers. */
export const EMULATOR_ROUTES: readonly Route[] = [
  ...SETUP_INTENT_ROUTES,
  ...SETUP_ATTEMPT_AND_MANDATE_ROUTES,
  ...PAYMENT_INTENT_ROUTES,
  ...CHARGE_ROUTES,
  ...REFUND_ROUTES,
  ...PAYMENT_METHOD_ROUTES,
  ...CUSTOMER_ROUTES,
  ...EVENT_ROUTES,
  ...WEBHOOK_ENDPOINT_ROUTES,
  ...TEST_HELPER_ROUTES,
  ...HOSTED_PAGE_ROUTES,
  ...STRIPE_JS_ROUTES,
];
