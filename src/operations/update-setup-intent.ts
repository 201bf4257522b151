import type { SetupIntentEnvironment } from '../core/environment.js';
import type { CallerAccess } from '../core/access.js';
import type { OperationResult, StepResult } from '../core/operation-result.js';
import { published, refused } from '../core/operation-result.js';
import { checkAllowedType, checkOwnership } from '../core/payment-method-checks.js';
import { paymentMethodOptionsFor } from '../core/payment-method-options.js';
import type { PaymentMethodResolution } from '../core/payment-methods.js';
import { paymentMethodFromData, resolvePaymentMethodReference } from '../core/payment-methods.js';
import { abandonIfWaiting } from '../core/setup-attempts.js';
import type { SetupIntentRecord } from '../core/setup-intent-record.js';
import { parametersExclusive, resourceMissing, setupIntentUnexpectedState } from '../core/stripe-errors.js';
import type { TakenStep } from '../core/machine-steps.js';
import { emittedDrafts, takeStep, transitionFields } from '../core/machine-steps.js';
import { FINAL_STATUSES, editableWhenFinal } from '../machine/step.js';
import type { PaymentMethodChange } from '../machine/setup-intent-machine.js';
import { checkParams } from '../params/validate-params.js';
import { UPDATE_PARAMS } from '../params/setup-intent-param-specs.js';
import type { SetupIntentUpdateParams } from '../types/params.js';
import type { PaymentMethod } from '../types/payment-method.js';
import type { SetupIntent } from '../types/setup-intent.js';
import type { StripeRequestError } from '../types/stripe-error.js';
import { mergeMetadata, tooManyMetadataKeys } from './metadata-updates.js';
import { paymentMethodTypesNoLongerSupported } from '../core/api-versions.js';
import { typesAllowedBy } from '../core/allowed-payment-method-types.js';

/** Parameters that leave the lifecycle alone: allowed on canceled intents when so configured. */
const ANNOTATION_PARAMS: ReadonlySet<string> = new Set(['metadata', 'description', 'expand']);

function updateRefusal(intent: SetupIntent, change: PaymentMethodChange): StripeRequestError {
  switch (intent.status) {
    case 'succeeded':
      return setupIntentUnexpectedState('You cannot update this SetupIntent because it has already succeeded.', intent);
    case 'canceled':
      return setupIntentUnexpectedState('You cannot update this SetupIntent because it has been canceled.', intent);
    default:
      return setupIntentUnexpectedState(
        change === 'unchanged'
          ? `You cannot update this SetupIntent because it has a status of ${intent.status}. While a SetupIntent is ` +
              'processing, only its metadata and description can be updated.'
          : `You cannot update this SetupIntent's payment method because it has a status of ${intent.status}.`,
        intent,
      );
  }
}

/**
 * The transition the update takes, or `'final'` for an update of a final SetupIntent that changes
 * only fields its final state keeps editable (it stays as it is), or `null` when the statechart
 * refuses it.
 */
function updateTransition(record: SetupIntentRecord, change: PaymentMethodChange, params: SetupIntentUpdateParams, env: SetupIntentEnvironment): TakenStep | 'final' | null {
  const annotationsOnly = onlyAnnotations(params);
  const taken = takeStep(record, { type: 'api.update', paymentMethod: change, annotationsOnly });
  if (taken !== null) return taken;
  const status = record.intent.status;
  if (!FINAL_STATUSES.has(status)) return null;
  const editable = editableWhenFinal(status);
  const allowed = Object.keys(params).every((key) => key === 'expand' || editable.has(key));
  return allowed || (status === 'canceled' && annotationsOnly && env.behavior.allowMetadataUpdatesWhenCanceled) ? 'final' : null;
}

/**
 * The types under a new `allowed_payment_method_types` of a SetupIntent whose types Stripe chooses
 * (dynamic, or already restricted): the account's methods it lets through (`''` lifts the
 * restriction); `null` leaves the types as they are.
 */
function allowedTypes(current: SetupIntent, params: SetupIntentUpdateParams, env: SetupIntentEnvironment): ReturnType<typeof typesAllowedBy> | null {
  const allowed = params.allowed_payment_method_types;
  const chosenByStripe = current.automatic_payment_methods?.enabled === true || current.allowed_payment_method_types !== null;
  if (allowed === undefined || !chosenByStripe) return null;
  if (allowed === '' || allowed === null) return { ok: true, types: env.behavior.automaticPaymentMethodTypes };
  return typesAllowedBy(allowed, env);
}

function onlyAnnotations(params: SetupIntentUpdateParams): boolean {
  return Object.keys(params).every((key) => ANNOTATION_PARAMS.has(key));
}

/**
 * Updates a SetupIntent (`POST /v1/setup_intents/:id`, spec §2.3, T4, T5). Setting a payment
 * method moves `requires_payment_method` and `requires_action` to `requires_confirmation`;
 * unsetting it (`payment_method: ''`) moves back to `requires_payment_method`. Updates emit no
 * event. A succeeded intent still takes `metadata`, `description` and `customer` (its final state's
 * `meta.editable`); a canceled one refuses updates unless `allowMetadataUpdatesWhenCanceled` is on.
 */
export function updateSetupIntent(
  record: SetupIntentRecord,
  input: SetupIntentUpdateParams,
  env: SetupIntentEnvironment,
  access?: CallerAccess,
): OperationResult {
  return published(updateStep(record, input, env), env, access ?? {});
}

function updateStep(record: SetupIntentRecord, input: SetupIntentUpdateParams, env: SetupIntentEnvironment): StepResult {
  const check = checkParams(input, UPDATE_PARAMS);
  if (!check.ok) {
    return refused(check.error);
  }
  const params = check.params as SetupIntentUpdateParams;
  if (params.payment_method !== undefined && params.payment_method_data !== undefined) {
    return refused(parametersExclusive('payment_method', 'payment_method_data'));
  }
  if (params.payment_method_types !== undefined && !env.requestVersion.paymentMethodTypesWritable) {
    return refused(paymentMethodTypesNoLongerSupported(env.requestVersion.version));
  }
  const restricting = params.allowed_payment_method_types !== undefined && params.allowed_payment_method_types !== '' && params.allowed_payment_method_types !== null;
  if (restricting) {
    const other = (['payment_method_types', 'excluded_payment_method_types'] as const).find((param) => params[param] !== undefined && params[param] !== '');
    if (other !== undefined) {
      return refused(parametersExclusive('allowed_payment_method_types', other));
    }
  }
  const current = record.intent;
  const metadata =
    params.metadata === undefined ? current.metadata : mergeMetadata(current.metadata, params.metadata as Readonly<Record<string, string>> | '');
  const tooMany = metadata === null ? null : tooManyMetadataKeys(metadata);
  if (tooMany !== null) {
    return refused(tooMany);
  }
  const change: PaymentMethodChange =
    params.payment_method === '' ? 'unset' : params.payment_method !== undefined || params.payment_method_data !== undefined ? 'set' : 'unchanged';
  const taken = updateTransition(record, change, params, env);
  if (taken === null) {
    return refused(updateRefusal(current, change));
  }

  const customer = params.customer ?? current.customer;
  if (params.customer !== undefined && env.findCustomer(params.customer) === undefined) {
    return refused(resourceMissing('customer', params.customer, 'customer', 400));
  }
  const restricted = params.payment_method_types === undefined ? allowedTypes(current, params, env) : null;
  if (restricted !== null && !restricted.ok) {
    return refused(restricted.error);
  }
  const types = params.payment_method_types ?? restricted?.types ?? current.payment_method_types;

  let resolution: PaymentMethodResolution | null = null;
  if (change === 'set') {
    resolution =
      params.payment_method !== undefined && params.payment_method !== ''
        ? resolvePaymentMethodReference(params.payment_method, env, 'payment_method')
        : params.payment_method_data !== undefined
          ? paymentMethodFromData(params.payment_method_data, env)
          : null;
  } else if (change === 'unchanged' && params.customer !== undefined && current.payment_method !== null) {
    resolution = resolvePaymentMethodReference(current.payment_method, env, 'payment_method');
  }
  let paymentMethod: PaymentMethod | null = null;
  let created = false;
  if (resolution !== null) {
    if (!resolution.ok) {
      return refused(resolution.error);
    }
    paymentMethod = resolution.value.paymentMethod;
    created = resolution.value.created;
    const problem = checkOwnership(paymentMethod, customer, current) ?? checkAllowedType(paymentMethod, { payment_method_types: types });
    if (problem !== null) {
      return refused(problem);
    }
  }

  // Leaving requires_action (the transition clears the next action) abandons the action the customer was asked to take.
  const abandoned = taken !== 'final' && taken.transition.actions.includes('clearNextAction') ? abandonIfWaiting(record.latestAttempt) : null;
  const pending = abandoned === null ? record.pending : null;

  const updated: SetupIntent = {
    ...current,
    ...(params.allowed_payment_method_types === undefined
      ? {}
      : {
          allowed_payment_method_types:
            params.allowed_payment_method_types === '' || params.allowed_payment_method_types === null
              ? null
              : [...params.allowed_payment_method_types],
        }),
    ...(params.attach_to_self === undefined ? {} : { attach_to_self: params.attach_to_self }),
    ...(params.customer_account === undefined ? {} : { customer_account: params.customer_account }),
    ...(params.flow_directions === undefined ? {} : { flow_directions: [...params.flow_directions] }),
    customer,
    description: params.description === undefined ? current.description : params.description === '' ? null : params.description,
    excluded_payment_method_types:
      params.excluded_payment_method_types === undefined
        ? current.excluded_payment_method_types
        : params.excluded_payment_method_types === '' || params.excluded_payment_method_types === null
          ? null
          : [...params.excluded_payment_method_types],
    metadata,
    payment_method: change === 'unset' ? null : change === 'set' && paymentMethod !== null ? paymentMethod.id : current.payment_method,
    payment_method_options:
      params.payment_method_options === undefined && types === current.payment_method_types
        ? current.payment_method_options
        : paymentMethodOptionsFor(types, current.payment_method_options, params.payment_method_options, current.automatic_payment_methods?.enabled === true),
    payment_method_types: [...types],
  };
  const intent = taken === 'final' ? updated : { ...updated, ...transitionFields(updated, taken.transition) };
  return {
    kind: 'applied',
    record: { ...record, intent, pending, latestAttempt: abandoned ?? record.latestAttempt },
    changes: {
      setupAttempts: abandoned === null ? [] : [abandoned],
      mandates: [],
      paymentMethods: created && paymentMethod !== null ? [paymentMethod] : [],
    },
    // The statechart's updates emit no event: there is no `setup_intent.updated` type.
    drafts: taken === 'final' ? [] : emittedDrafts(taken.transition, intent),
    machineEvents: taken === 'final' ? [] : [taken.event],
  };
}
