import type { SetupIntentVerifyMicrodepositsParams } from '../types/params.js';
import type { SetupIntentNextActionVerifyWithMicrodeposits } from '../types/setup-intent.js';
import type { TestPaymentMethodCatalogue } from './catalogue.js';
import type { MicrodepositTestValue } from './test-payment-method.js';

/** What a customer enters to verify microdeposits: two amounts or a descriptor code. */
export type MicrodepositType = NonNullable<SetupIntentNextActionVerifyWithMicrodeposits['microdeposit_type']>;

/**
 * A catalogue's microdeposit test values for one kind of verification, in the catalogue's order;
 * a value overridden by a later one with the same amounts or code appears once, as the later one.
 */
export function microdepositTestValuesFor(catalogue: TestPaymentMethodCatalogue, type: MicrodepositType): MicrodepositTestValue[] {
  const byKey = new Map<string, MicrodepositTestValue>();
  for (const value of catalogue.microdepositValues) {
    const key = type === 'amounts' ? value.amounts?.join(',') : value.descriptorCode;
    if (key !== undefined) {
      byKey.delete(key);
      byKey.set(key, value);
    }
  }
  return [...byKey.values()];
}

/**
 * The `verify_microdeposits` parameters that verify with this catalogue (Stripe's `32, 45` and
 * `SM11AA` by default), or `undefined` when it has no verifying value of this type.
 */
export function verifyingMicrodepositParams(catalogue: TestPaymentMethodCatalogue, type: MicrodepositType): SetupIntentVerifyMicrodepositsParams | undefined {
  for (const value of microdepositTestValuesFor(catalogue, type)) {
    if (value.outcome !== 'verify') {
      continue;
    }
    if (type === 'amounts' && value.amounts !== undefined) {
      return { amounts: [...value.amounts] };
    }
    if (type === 'descriptor_code' && value.descriptorCode !== undefined) {
      return { descriptor_code: value.descriptorCode };
    }
  }
  return undefined;
}
