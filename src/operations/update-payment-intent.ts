import { paymentIntentPaymentMethodFields } from '../core/payment-intent-payment-methods.js';
import type { CallerAccess } from '../core/access.js';
import { paymentMethodTypesNoLongerSupported } from '../core/api-versions.js';
import type { SetupIntentEnvironment } from '../core/environment.js';
import { paymentIntentUnexpectedState, paymentIntentUpdateRefusal } from '../core/payment-intent-errors.js';
import type { PaymentIntentRecord } from '../core/payment-intent-record.js';
import type { PaymentIntentResult } from '../core/payment-intent-result.js';
import { NO_PAYMENT_INTENT_CHANGES, paymentIntentRefused, publishedPaymentIntent } from '../core/payment-intent-result.js';
import { paymentIntentTransitionFields, takePaymentIntentStep } from '../core/payment-intent-steps.js';
import { resolvePaymentMethodReference } from '../core/payment-methods.js';
import { resourceMissing } from '../core/stripe-errors.js';
import type { PaymentIntentPaymentMethodChange } from '../machine/payment-intent-machine.js';
import { PAYMENT_INTENT_FINAL_STATUSES, paymentIntentEditableFields } from '../machine/payment-intent-step.js';
import type { PaymentIntentUpdateParams } from '../params/payment-intent-param-specs.js';
import { PAYMENT_INTENT_UPDATE_PARAMS } from '../params/payment-intent-param-specs.js';
import { checkParams } from '../params/validate-params.js';
import type { PaymentIntent } from '../types/payment-intent.js';
import type { PaymentMethod } from '../types/payment-method.js';
import { mergeMetadata, tooManyMetadataKeys } from './metadata-updates.js';
import { checkAmount, checkCurrency, checkPaymentMethodTypes } from './payment-intent-fields.js';

/** The parameters an update may send that are not fields (`expand`). */
const NOT_FIELDS: ReadonlySet<string> = new Set(['expand']);

/**
 * Updates a PaymentIntent (`POST /v1/payment_intents/:id`). A payment method moves
 * `requires_payment_method` to `requires_confirmation` (and `''` back); a final or held
 * (`requires_capture`) PaymentIntent takes only the fields of its state's `meta.editable`
 * (`metadata` and `description`) (recorded: an amount update of a succeeded PaymentIntent
 * is refused with `payment_intent_unexpected_state` under `param: "amount"`).
 */
export function updatePaymentIntent(
  record: PaymentIntentRecord,
  input: PaymentIntentUpdateParams,
  env: SetupIntentEnvironment,
  access?: CallerAccess,
): PaymentIntentResult {
  const check = checkParams(input, PAYMENT_INTENT_UPDATE_PARAMS);
  if (!check.ok) {
    return paymentIntentRefused(check.error);
  }
  const params = check.params as PaymentIntentUpdateParams;
  const { intent } = record;
  if (params.payment_method_types !== undefined && !env.requestVersion.paymentMethodTypesWritable) {
    // The same change removes it from PaymentIntents (API_VERSION_CHANGES.paymentMethodTypesReadOnly).
    return paymentIntentRefused(paymentMethodTypesNoLongerSupported(env.requestVersion.version));
  }
  const editable = paymentIntentEditableFields(intent.status);
  if (editable !== null) {
    const refusedField = Object.keys(params).find((key) => !NOT_FIELDS.has(key) && !editable.has(key));
    if (refusedField !== undefined) {
      return paymentIntentRefused(paymentIntentUpdateRefusal(intent, refusedField));
    }
  }
  const problem =
    (params.currency === undefined ? null : checkCurrency(params.currency)) ??
    (params.amount === undefined && params.currency === undefined ? null : checkAmount(params.amount ?? intent.amount, params.currency ?? intent.currency)) ??
    (params.payment_method_types === undefined ? null : checkPaymentMethodTypes(params.payment_method_types));
  if (problem !== null) {
    return paymentIntentRefused(problem);
  }
  if (params.customer !== undefined && env.findCustomer(params.customer) === undefined) {
    return paymentIntentRefused(resourceMissing('customer', params.customer, 'customer', 400));
  }
  let paymentMethod: PaymentMethod | null | undefined;
  const created: PaymentMethod[] = [];
  if (params.payment_method === '') {
    paymentMethod = null;
  } else if (params.payment_method !== undefined) {
    const resolution = resolvePaymentMethodReference(params.payment_method, env, 'payment_method');
    if (!resolution.ok) {
      return paymentIntentRefused(resolution.error);
    }
    paymentMethod = resolution.value.paymentMethod;
    if (resolution.value.created) created.push(paymentMethod);
  }
  const change: PaymentIntentPaymentMethodChange = paymentMethod === undefined ? 'unchanged' : paymentMethod === null ? 'unset' : 'set';
  const final = PAYMENT_INTENT_FINAL_STATUSES.has(intent.status);
  // A final PaymentIntent takes its editable fields without a transition (the final state's `meta.editable`).
  const taken = final ? null : takePaymentIntentStep(record, { type: 'api.update', paymentMethod: change });
  if (!final && taken === null) {
    return paymentIntentRefused(
      paymentIntentUnexpectedState(
        `You cannot update this PaymentIntent's payment_method because it has a status of ${intent.status}.`,
        intent,
        'payment_method',
      ),
    );
  }
  const metadata = params.metadata === undefined ? intent.metadata : mergeMetadata(intent.metadata, params.metadata as Readonly<Record<string, string>> | '');
  const tooMany = tooManyMetadataKeys(metadata);
  if (tooMany !== null) {
    return paymentIntentRefused(tooMany);
  }
  const withPaymentMethod: PaymentIntent = paymentMethod === undefined ? intent : { ...intent, payment_method: paymentMethod?.id ?? null };
  const next: PaymentIntent = {
    ...withPaymentMethod,
    ...(taken === null ? {} : paymentIntentTransitionFields(withPaymentMethod, taken.transition)),
    ...(params.amount === undefined ? {} : { amount: params.amount }),
    ...(params.capture_method === undefined ? {} : { capture_method: params.capture_method }),
    ...(params.currency === undefined ? {} : { currency: params.currency.toLowerCase() }),
    ...(params.customer === undefined ? {} : { customer: params.customer }),
    ...(params.description === undefined ? {} : { description: params.description === '' ? null : params.description }),
    metadata,
    ...(params.payment_method_types === undefined ? {} : paymentIntentPaymentMethodFields(params.payment_method_types, env)),
    ...(params.receipt_email === undefined ? {} : { receipt_email: params.receipt_email === '' ? null : params.receipt_email }),
    ...(params.setup_future_usage === undefined ? {} : { setup_future_usage: params.setup_future_usage === '' ? null : params.setup_future_usage }),
  };
  return publishedPaymentIntent(
    {
      kind: 'applied',
      record: { ...record, intent: next },
      changes: { ...NO_PAYMENT_INTENT_CHANGES, paymentMethods: created },
      drafts: [],
      machineEvents: taken === null ? [] : [taken.event],
    },
    env,
    access ?? {},
  );
}
