import type { SetupIntentEnvironment } from '../core/environment.js';
import type { CallerAccess } from '../core/access.js';
import type { OperationResult, StepResult } from '../core/operation-result.js';
import { NO_CHANGES, published, refused } from '../core/operation-result.js';
import { checkAllowedType, checkOwnership } from '../core/payment-method-checks.js';
import { paymentMethodOptionsFor } from '../core/payment-method-options.js';
import type { PaymentMethodResolution } from '../core/payment-methods.js';
import { paymentMethodFromData, resolvePaymentMethodReference } from '../core/payment-methods.js';
import { runConfirmation } from '../core/run-confirmation.js';
import { transitionFields, emittedDrafts, requireStep } from '../core/machine-steps.js';
import type { EventDraft } from '../events/stripe-event.js';
import { EMITS_ON_CREATE, INITIAL_STATUS } from '../machine/step.js';
import type { SetupIntentRecord } from '../core/setup-intent-record.js';
import { invalidParameter, parametersExclusive, requiresConfirm, resourceMissing } from '../core/stripe-errors.js';
import { paymentMethodTypesNoLongerSupported } from '../core/api-versions.js';
import { typesAllowedBy } from '../core/allowed-payment-method-types.js';
import type { StripeRequestError } from '../types/stripe-error.js';
import { checkParams } from '../params/validate-params.js';
import { CREATE_PARAMS } from '../params/setup-intent-param-specs.js';
import type { SetupIntentCreateParams } from '../types/params.js';
import type { SetupIntent, SetupIntentAutomaticPaymentMethods } from '../types/setup-intent.js';
import { withoutEmptyValues } from './metadata-updates.js';
import { withOptionalKeys } from '../core/setup-intent-keys.js';

const CONFIRM_ONLY = ['return_url', 'mandate_data', 'confirmation_token'] as const;

function automaticSettings(params: SetupIntentCreateParams, env: SetupIntentEnvironment): SetupIntentAutomaticPaymentMethods | null {
  if (params.automatic_payment_methods !== undefined) {
    const { enabled, allow_redirects } = params.automatic_payment_methods;
    // Enabled without a say on redirects means `always` (recorded at 2023-10-16,
    // test/fixtures/recordings/spree-stripe-payment-setup-session.json).
    if (enabled) return { allow_redirects: allow_redirects ?? 'always', enabled };
    return allow_redirects === undefined ? { enabled } : { allow_redirects, enabled };
  }
  // From API version 2023-08-16 on, omitting payment_method_types turns dynamic payment methods on;
  // before it the SetupIntent gets ["card"] (spec §1.4). `allowed_payment_method_types` is a list of
  // its own, exclusive with automatic payment methods and configurations (docs/fidelity.md).
  return params.payment_method_types === undefined &&
    params.allowed_payment_method_types === undefined &&
    env.requestVersion.automaticPaymentMethodsByDefault
    ? { allow_redirects: 'always', enabled: true }
    : null;
}

/** Parameters `allowed_payment_method_types` excludes (Stripe's changelog of 2026-07-29.dahlia). */
const EXCLUSIVE_WITH_ALLOWED = ['payment_method_types', 'excluded_payment_method_types', 'automatic_payment_methods', 'payment_method_configuration'] as const;

/** The payment method types of a new SetupIntent, or the refusal of the parameters that choose them. */
function paymentMethodTypes(
  params: SetupIntentCreateParams,
  automatic: SetupIntentAutomaticPaymentMethods | null,
  env: SetupIntentEnvironment,
): { readonly ok: true; readonly types: readonly string[] } | { readonly ok: false; readonly error: StripeRequestError } {
  if (params.payment_method_types !== undefined) {
    return env.requestVersion.paymentMethodTypesWritable
      ? { ok: true, types: params.payment_method_types }
      : { ok: false, error: paymentMethodTypesNoLongerSupported(env.requestVersion.version) };
  }
  const dynamic = automatic?.enabled === true ? env.behavior.automaticPaymentMethodTypes : ['card'];
  if (params.allowed_payment_method_types === undefined) {
    return { ok: true, types: dynamic };
  }
  return typesAllowedBy(params.allowed_payment_method_types, env);
}

/**
 * Creates a SetupIntent (`POST /v1/setup_intents`, spec §2.1, T1-T3). It starts in
 * `requires_payment_method`, or `requires_confirmation` when a payment method is supplied; with
 * `confirm: true` the confirmation runs at once, and a decline answers 402 although the
 * SetupIntent now exists (the result is then `failed` and carries the record to store).
 *
 * @example
 * ```ts
 * const result = createSetupIntent({ customer: 'cus_123', payment_method_types: ['card'] }, env);
 * if (result.kind !== 'refused') store(result.record);
 * ```
 */
export function createSetupIntent(input: SetupIntentCreateParams, env: SetupIntentEnvironment, access?: CallerAccess): OperationResult {
  return published(createStep(input, env), env, access ?? {});
}

function createStep(input: SetupIntentCreateParams, env: SetupIntentEnvironment): StepResult {
  const check = checkParams(input, CREATE_PARAMS);
  if (!check.ok) {
    return refused(check.error);
  }
  const params = check.params as SetupIntentCreateParams;
  const confirm = params.confirm === true;
  if (!confirm) {
    for (const param of CONFIRM_ONLY) {
      if (params[param] !== undefined) {
        return refused(requiresConfirm(param));
      }
    }
  }
  if (params.automatic_payment_methods !== undefined && params.payment_method_types !== undefined) {
    return refused(parametersExclusive('automatic_payment_methods', 'payment_method_types'));
  }
  if (params.allowed_payment_method_types !== undefined) {
    const other = EXCLUSIVE_WITH_ALLOWED.find((param) => params[param] !== undefined);
    if (other !== undefined) {
      return refused(parametersExclusive('allowed_payment_method_types', other));
    }
  }
  if (params.payment_method !== undefined && params.payment_method_data !== undefined) {
    return refused(parametersExclusive('payment_method', 'payment_method_data'));
  }
  if (params.attach_to_self === true && params.customer !== undefined) {
    return refused(invalidParameter('attach_to_self', 'You cannot set `attach_to_self` to true when `customer` is set.'));
  }
  if (params.customer !== undefined && env.findCustomer(params.customer) === undefined) {
    return refused(resourceMissing('customer', params.customer, 'customer', 400));
  }
  if (params.confirmation_token !== undefined) {
    return refused(resourceMissing('confirmationtoken', params.confirmation_token, 'confirmation_token', 400));
  }

  const automatic = automaticSettings(params, env);
  const chosen = paymentMethodTypes(params, automatic, env);
  if (!chosen.ok) {
    return refused(chosen.error);
  }
  const types = chosen.types;
  const id = env.ids.id('seti');
  const base: SetupIntent = {
    id,
    object: 'setup_intent',
    allowed_payment_method_types: params.allowed_payment_method_types === undefined ? null : [...params.allowed_payment_method_types],
    application: null,
    automatic_payment_methods: automatic,
    cancellation_reason: null,
    client_secret: `${id}_secret_${env.ids.token(25)}`,
    created: env.now(),
    customer: params.customer ?? null,
    customer_account: params.customer_account ?? null,
    description: params.description ?? null,
    excluded_payment_method_types: params.excluded_payment_method_types === undefined ? null : [...params.excluded_payment_method_types],
    flow_directions: params.flow_directions === undefined ? null : [...params.flow_directions],
    last_setup_error: null,
    latest_attempt: null,
    livemode: env.livemode,
    managed_payments: { enabled: false },
    mandate: null,
    metadata: typeof params.metadata === 'object' ? withoutEmptyValues(params.metadata as Readonly<Record<string, string>>) : {},
    next_action: null,
    on_behalf_of: params.on_behalf_of ?? null,
    payment_method: null,
    payment_method_configuration_details:
      automatic?.enabled === true
        ? { id: params.payment_method_configuration ?? env.behavior.paymentMethodConfigurationId, parent: null }
        : null,
    payment_method_options: paymentMethodOptionsFor(types, null, params.payment_method_options, automatic?.enabled === true),
    payment_method_types: [...types],
    single_use_mandate: null,
    status: INITIAL_STATUS,
    usage: env.behavior.honorUsage ? (params.usage ?? 'off_session') : 'off_session',
  };
  // `attach_to_self` is the one key Stripe omits unless set; rare, so the common object is one plain literal.
  const intent = params.attach_to_self === undefined ? base : withOptionalKeys(base, { attach_to_self: params.attach_to_self });
  const record: SetupIntentRecord = {
    intent,
    latestAttempt: null,
    pending: null,
    failedConfirmations: 0,
    singleUse: params.single_use ?? null,
    mandateAcceptance: null,
  };

  if (confirm) {
    const confirmation = runConfirmation(
      record,
      {
        ...(params.payment_method === undefined ? {} : { payment_method: params.payment_method }),
        ...(params.payment_method_data === undefined ? {} : { payment_method_data: params.payment_method_data }),
        ...(params.mandate_data === undefined ? {} : { mandate_data: params.mandate_data }),
        ...(params.return_url === undefined ? {} : { return_url: params.return_url }),
        ...(params.use_stripe_sdk === undefined ? {} : { use_stripe_sdk: params.use_stripe_sdk }),
        publishable: false,
      },
      env,
    );
    // The SetupIntent exists (and `created` is emitted) unless the confirmation refused the call.
    return confirmation.kind === 'refused' ? confirmation : { ...confirmation, drafts: [...createdDrafts(intent), ...confirmation.drafts] };
  }

  let resolution: PaymentMethodResolution | null = null;
  if (params.payment_method !== undefined) {
    resolution = resolvePaymentMethodReference(params.payment_method, env, 'payment_method');
  } else if (params.payment_method_data !== undefined) {
    resolution = paymentMethodFromData(params.payment_method_data, env);
  }
  if (resolution === null) {
    return { kind: 'applied', record, changes: NO_CHANGES, drafts: createdDrafts(intent), machineEvents: [] };
  }
  if (!resolution.ok) {
    return refused(resolution.error);
  }
  const { paymentMethod, created } = resolution.value;
  const problem = checkOwnership(paymentMethod, intent.customer) ?? checkAllowedType(paymentMethod, intent);
  if (problem !== null) {
    return refused(problem);
  }
  // A create that supplies a payment method is the machine's start followed by an update setting it (T2 = T1 then T4).
  const taken = requireStep(record, { type: 'api.update', paymentMethod: 'set' });
  const withPaymentMethod: SetupIntent = { ...intent, ...transitionFields(intent, taken.transition, { paymentMethod: paymentMethod.id }) };
  return {
    kind: 'applied',
    record: { ...record, intent: withPaymentMethod },
    changes: { setupAttempts: [], mandates: [], paymentMethods: created ? [paymentMethod] : [] },
    drafts: [...createdDrafts(withPaymentMethod), ...emittedDrafts(taken.transition, withPaymentMethod)],
    machineEvents: [taken.event],
  };
}

/** The events of a creation (the machine's `meta.emitsOnCreate`), carrying the SetupIntent as created. */
function createdDrafts(intent: SetupIntent): EventDraft[] {
  return EMITS_ON_CREATE.map((type) => ({ type, object: intent }));
}
