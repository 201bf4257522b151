// Inputs prepared once, outside every timed loop. The operations are pure, so the same input
// record serves every iteration.
import { createMemoryStore, createSetupIntent } from '../dist/index.js';

/** The create parameters every benchmark uses. */
export const CREATE_PARAMS = Object.freeze({ payment_method_types: ['card'] });

/** The confirm parameters of each measured outcome. */
export const CONFIRM_PARAMS = Object.freeze({
  success: { payment_method: 'pm_card_visa' },
  threeDSecure: { payment_method: 'pm_card_authenticationRequiredOnSetup' },
  decline: { payment_method: 'pm_card_visa_chargeDeclined' },
});

/** The statechart event of a successful confirmation with a payment method. */
export const CONFIRM_EVENT = Object.freeze({ type: 'api.confirm', outcome: 'succeeded', hasPaymentMethod: true });

/** An environment (fixed clock, seeded ids) and a fresh `requires_payment_method` record. */
export function prepare() {
  const { env } = createMemoryStore();
  const created = createSetupIntent(CREATE_PARAMS, env);
  if (created.kind !== 'applied' || created.record.intent.status !== 'requires_payment_method') {
    throw new Error(`unexpected create result: ${created.kind}`);
  }
  return { env, record: created.record };
}
