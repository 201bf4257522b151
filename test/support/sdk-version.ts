import type Stripe from 'stripe';

/**
 * The API version most suites talk to the emulator at: `2026-07-29.dahlia`, the version its objects
 * are modelled on. The official SDK (23.x) pins `2026-10-28.endive`, where `payment_method_types` is
 * no longer a create or update parameter; suites that send it pin their client to dahlia, as an
 * integration on that version does. `test/e2e/api-versions.e2e.test.ts` covers the SDK's own pin.
 */
export const DAHLIA_API_VERSION = '2026-07-29.dahlia' as unknown as Stripe.LatestApiVersion;
