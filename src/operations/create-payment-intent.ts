import type { CallerAccess } from '../core/access.js';
import { paymentMethodTypesNoLongerSupported } from '../core/api-versions.js';
import type { SetupIntentEnvironment } from '../core/environment.js';
import { PAYMENT_INTENT_EMITS_ON_CREATE, PAYMENT_INTENT_INITIAL_STATUS } from '../machine/payment-intent-step.js';
import type { PaymentIntentRecord } from '../core/payment-intent-record.js';
import type { PaymentIntentResult } from '../core/payment-intent-result.js';
import type { ResolvedPaymentMethod } from '../core/payment-methods.js';
import type { PaymentIntentMachineEvent } from '../machine/payment-intent-machine.js';
import { NO_PAYMENT_INTENT_CHANGES, paymentIntentRefused, publishedPaymentIntent } from '../core/payment-intent-result.js';
import { paymentIntentPaymentMethodFields } from '../core/payment-intent-payment-methods.js';
import { takePaymentIntentStep } from '../core/payment-intent-steps.js';
import { resolvePaymentMethodReference } from '../core/payment-methods.js';
import { runPaymentConfirmation } from '../core/run-payment-confirmation.js';
import { apiError, invalidParameter, parameterMissing, parametersExclusive, requestError, resourceMissing } from '../core/stripe-errors.js';
import type { EventDraft } from '../events/stripe-event.js';
import type { PaymentIntentCreateParams } from '../params/payment-intent-param-specs.js';
import { PAYMENT_INTENT_CREATE_PARAMS } from '../params/payment-intent-param-specs.js';
import { checkParams } from '../params/validate-params.js';
import type { PaymentIntent } from '../types/payment-intent.js';
import type { StripeRequestError } from '../types/stripe-error.js';
import { withoutEmptyValues } from './metadata-updates.js';
import { checkAmount, checkCurrency, checkPaymentMethodTypes } from './payment-intent-fields.js';

/** A parameter only valid with `confirm=true` (the SetupIntent wording with the PaymentIntent's code; UNCONFIRMED). */
function requiresConfirm(param: string): StripeRequestError {
  return requestError(
    400,
    apiError('invalid_request_error', {
      code: 'payment_intent_invalid_parameter',
      param,
      message: `The parameter \`${param}\` cannot be passed when creating a PaymentIntent unless \`confirm\` is set to true.`,
    }),
  );
}

/**
 * Creates a PaymentIntent (`POST /v1/payment_intents`): `requires_payment_method`, or
 * `requires_confirmation` with a payment method, and with `confirm=true` confirmed at once (paid,
 * waiting on 3D Secure, or declined and answered 402 with the PaymentIntent persisted).
 *
 * @remarks Defaults recorded live at 2026-08-26.dahlia (test/fixtures/recordings/stripe-world-04-money-path.json):
 * `capture_method` `automatic_async`, `confirmation_method` `automatic`, `amount_details`
 * `{ tip: {} }`, `managed_payments` `{ enabled: false }`; without `payment_method_types`, dynamic
 * payment methods with the account's types (`card` and `link` there). Events (as Kiln-AI/stripe_world's
 * tests/test_payment_intents.py pins them from its live probes, secondhand):
 * `payment_intent.created`, then `charge.succeeded` and `payment_intent.succeeded` for a paid
 * confirmation.
 *
 * @example
 * ```ts
 * const result = createPaymentIntent(
 *   { amount: 1099, currency: 'usd', customer: 'cus_123', payment_method: 'pm_123', off_session: true, confirm: true },
 *   env,
 * );
 * ```
 */
export function createPaymentIntent(input: PaymentIntentCreateParams, env: SetupIntentEnvironment, access?: CallerAccess): PaymentIntentResult {
  const check = checkParams(input, PAYMENT_INTENT_CREATE_PARAMS);
  if (!check.ok) {
    return paymentIntentRefused(check.error);
  }
  const params = check.params as PaymentIntentCreateParams;
  if (params.amount === undefined) return paymentIntentRefused(parameterMissing('amount'));
  if (params.currency === undefined) return paymentIntentRefused(parameterMissing('currency'));
  if (params.payment_method_types !== undefined && !env.requestVersion.paymentMethodTypesWritable) {
    // The same change removes it from PaymentIntents (API_VERSION_CHANGES.paymentMethodTypesReadOnly).
    return paymentIntentRefused(paymentMethodTypesNoLongerSupported(env.requestVersion.version));
  }
  if (params.allowed_payment_method_types !== undefined && params.payment_method_types !== undefined) {
    // Mutually exclusive (https://docs.stripe.com/changelog/dahlia/2026-07-29/allowed-payment-method-types-parameter).
    return paymentIntentRefused(parametersExclusive('allowed_payment_method_types', 'payment_method_types'));
  }
  // Incompatible types drop out silently; only card is modelled for PaymentIntents.
  const allowedTypes = params.allowed_payment_method_types?.filter((type) => type === 'card');
  const problem =
    (allowedTypes !== undefined && allowedTypes.length === 0
      ? invalidParameter('allowed_payment_method_types', 'None of the payment method types in `allowed_payment_method_types` can be used for this PaymentIntent.')
      : null) ??
    checkCurrency(params.currency) ??
    checkAmount(params.amount, params.currency) ??
    (params.payment_method_types === undefined ? null : checkPaymentMethodTypes(params.payment_method_types)) ??
    (params.confirm !== true && params.off_session !== undefined ? requiresConfirm('off_session') : null) ??
    (params.confirm !== true && params.return_url !== undefined ? requiresConfirm('return_url') : null);
  if (problem !== null) {
    return paymentIntentRefused(problem);
  }
  if (params.customer !== undefined && env.findCustomer(params.customer) === undefined) {
    return paymentIntentRefused(resourceMissing('customer', params.customer, 'customer', 400));
  }
  const methods = paymentIntentPaymentMethodFields(params.payment_method_types ?? allowedTypes, env);
  const id = env.ids.id('pi');
  const intent: PaymentIntent = {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: params.allowed_payment_method_types === undefined ? null : [...params.allowed_payment_method_types],
    amount: params.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: methods.automatic_payment_methods,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: params.capture_method ?? 'automatic_async',
    client_secret: `${id}_secret_${env.ids.token(25)}`,
    confirmation_method: 'automatic',
    created: env.now(),
    currency: params.currency.toLowerCase(),
    customer: params.customer ?? null,
    customer_account: null,
    description: params.description ?? null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: env.livemode,
    managed_payments: { enabled: false },
    metadata: params.metadata === undefined ? {} : withoutEmptyValues(params.metadata as Readonly<Record<string, string>>),
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: methods.payment_method_configuration_details,
    payment_method_options: methods.payment_method_options,
    payment_method_types: methods.payment_method_types,
    payment_record: null,
    processing: null,
    receipt_email: params.receipt_email ?? null,
    review: null,
    setup_future_usage: params.setup_future_usage ?? null,
    shared_payment_granted_token: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: PAYMENT_INTENT_INITIAL_STATUS,
    transfer_data: null,
    transfer_group: null,
  };
  let record: PaymentIntentRecord = { intent, pending: null };
  let paymentMethods = NO_PAYMENT_INTENT_CHANGES.paymentMethods;
  const machineEvents: PaymentIntentMachineEvent[] = [];
  let resolved: ResolvedPaymentMethod | undefined;
  if (params.payment_method !== undefined) {
    const resolution = resolvePaymentMethodReference(params.payment_method, env, 'payment_method');
    if (!resolution.ok) {
      return paymentIntentRefused(resolution.error);
    }
    resolved = resolution.value;
    const { paymentMethod, created } = resolution.value;
    paymentMethods = created ? [paymentMethod] : [];
    const taken = takePaymentIntentStep(record, { type: 'api.update', paymentMethod: 'set' });
    if (taken === null) {
      return paymentIntentRefused(invalidParameter('payment_method', 'The payment method cannot be set on a new PaymentIntent.'));
    }
    record = { ...record, intent: { ...record.intent, payment_method: paymentMethod.id, status: taken.transition.target } };
    machineEvents.push(taken.event);
  }
  const createdDrafts: EventDraft[] = PAYMENT_INTENT_EMITS_ON_CREATE.map((type) => ({ type, object: record.intent }));
  if (params.confirm !== true) {
    return publishedPaymentIntent(
      { kind: 'applied', record, changes: { ...NO_PAYMENT_INTENT_CHANGES, paymentMethods }, drafts: createdDrafts, machineEvents },
      env,
      access ?? {},
    );
  }
  const confirmed = runPaymentConfirmation(
    record,
    {
      ...(resolved === undefined ? {} : { resolved }),
      ...(params.off_session === undefined ? {} : { off_session: params.off_session }),
      ...(params.return_url === undefined ? {} : { return_url: params.return_url }),
    },
    env,
  );
  if (confirmed.kind === 'refused') {
    return confirmed;
  }
  return publishedPaymentIntent(
    { ...confirmed, drafts: [...createdDrafts, ...confirmed.drafts], machineEvents: [...machineEvents, ...confirmed.machineEvents] },
    env,
    access ?? {},
  );
}
