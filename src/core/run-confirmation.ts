import type { TestCardError, TestPaymentMethod, TestSettlement } from '../catalogue/test-payment-method.js';
import type { SetupIntentMachineEvent } from '../machine/setup-intent-machine.js';
import { statusAccepts } from '../machine/step.js';
import type { MandateCustomerAcceptance } from '../types/mandate.js';
import type { ConfirmMandateDataParam, PaymentMethodDataParam, PaymentMethodOptionsParam } from '../types/params.js';
import type { PaymentMethod } from '../types/payment-method.js';
import type { SetupIntent, SetupIntentNextAction } from '../types/setup-intent.js';
import type { StripeApiError, StripeRequestError } from '../types/stripe-error.js';
import type { SetupIntentEnvironment } from './environment.js';
import { inferredAcceptance } from './mandates.js';
import type { RelatedChanges, StepResult } from './operation-result.js';
import { refused } from './operation-result.js';
import { checkAllowedType, checkOwnership, checkReusable } from './payment-method-checks.js';
import { paymentMethodOptionsFor } from './payment-method-options.js';
import type { PaymentMethodResolution } from './payment-methods.js';
import { MANDATE_TYPES, paymentMethodFromData, resolvePaymentMethodReference, testEntryOf, withCheckedCvc } from './payment-methods.js';
import type { ThreeDSecureRun } from './setup-attempts.js';
import { abandonIfWaiting, newSetupAttempt } from './setup-attempts.js';
import type { PendingStep, SetupIntentRecord } from './setup-intent-record.js';
import type { SettledStep } from './settle-setup.js';
import { failSetup, reachesConfirmationLimit, setupErrorFrom, startProcessing, succeedSetup } from './settle-setup.js';
import type { TakenStep } from './machine-steps.js';
import { acceptedStatusList, transitionFields, emittedDrafts, takeStep } from './machine-steps.js';
import { SetupIntentMachineError } from './misuse-error.js';
import { apiError, invalidParameter, parameterMissing, requestError, setupIntentUnexpectedState } from './stripe-errors.js';

/** What a confirmation call asks for, after its parameters were checked. */
export interface ConfirmationRequest {
  readonly payment_method?: string;
  readonly payment_method_data?: PaymentMethodDataParam;
  readonly payment_method_options?: PaymentMethodOptionsParam;
  readonly mandate_data?: ConfirmMandateDataParam | '' | null;
  readonly return_url?: string;
  readonly use_stripe_sdk?: boolean;
  /** Whether the call came with a publishable key (Stripe.js infers mandate acceptance). */
  readonly publishable: boolean;
  /**
   * Whether the SetupIntent exists before the call (a confirm call, not a create with
   * `confirm=true`): ownership refusals then carry it in `setup_intent`, as live Stripe's do.
   */
  readonly existing?: boolean;
}

const MISSING_PAYMENT_METHOD =
  "You cannot confirm this SetupIntent because it's missing a payment method. You can either update the SetupIntent " +
  'with a payment method and then confirm it again, or confirm it again directly with a payment method or ConfirmationToken.';

const RETURN_URL_REQUIRED =
  'This SetupIntent is configured to accept payment methods enabled in your Dashboard. Because some of these payment ' +
  'methods might redirect your customer off of your page, you must provide a `return_url`. If you do not want to accept ' +
  'redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and ' +
  '`automatic_payment_methods[allow_redirects]` to `never` when creating SetupIntents.';

function confirmRefusal(intent: SetupIntent): StripeRequestError {
  switch (intent.status) {
    case 'succeeded':
      return setupIntentUnexpectedState('You cannot confirm this SetupIntent because it has already succeeded.', intent);
    case 'canceled':
      return setupIntentUnexpectedState('You cannot confirm this SetupIntent because it has been canceled.', intent);
    default:
      return setupIntentUnexpectedState(
        `You cannot confirm this SetupIntent because it has a status of ${intent.status}. Only a SetupIntent with one of ` +
          `the following statuses may be confirmed: ${acceptedStatusList('api.confirm')}.`,
        intent,
      );
  }
}

function resolvePaymentMethod(record: SetupIntentRecord, request: ConfirmationRequest, env: SetupIntentEnvironment): PaymentMethodResolution | null {
  if (request.payment_method !== undefined) {
    return resolvePaymentMethodReference(request.payment_method, env, 'payment_method');
  }
  if (request.payment_method_data !== undefined) {
    return paymentMethodFromData(request.payment_method_data, env);
  }
  const current = record.intent.payment_method;
  if (current === null) {
    return null;
  }
  return resolvePaymentMethodReference(current, env, 'payment_method');
}

/** The `customer_acceptance` a confirmation sent, if any (`''` and `null` unset `mandate_data`). */
function mandateAcceptanceOf(request: ConfirmationRequest): NonNullable<ConfirmMandateDataParam['customer_acceptance']> | undefined {
  const given = request.mandate_data;
  return given === undefined || given === null || given === '' ? undefined : given.customer_acceptance;
}

function acceptanceFrom(request: ConfirmationRequest, env: SetupIntentEnvironment): MandateCustomerAcceptance | null {
  const acceptance = mandateAcceptanceOf(request);
  if (acceptance === undefined) {
    return request.publishable ? inferredAcceptance(env) : null;
  }
  if (acceptance.type === 'offline') {
    return { accepted_at: acceptance.accepted_at ?? env.now(), offline: {}, type: 'offline' };
  }
  return {
    accepted_at: acceptance.accepted_at ?? env.now(),
    online: { ip_address: acceptance.online?.ip_address ?? null, user_agent: acceptance.online?.user_agent ?? null },
    type: 'online',
  };
}

/** The plan for a confirmation: what the attempt does first. */
type Plan =
  | { readonly step: 'settle'; readonly settlement: TestSettlement; readonly threeDSecure: ThreeDSecureRun }
  | { readonly step: 'decline'; readonly entry: TestPaymentMethod }
  | { readonly step: 'authenticate'; readonly after: TestSettlement; readonly threeDSecure: ThreeDSecureRun }
  | { readonly step: 'microdeposits'; readonly after: TestSettlement; readonly depositsFail: boolean };

const SUCCEED: TestSettlement = { kind: 'succeed' };

// The recorded shape of a generic decline (zulip/zulip corporate/tests/stripe_fixtures/
// replace_payment_method--SetupIntent.create.2.json), for a decline plan without its own error.
const GENERIC_DECLINE: TestCardError = {
  code: 'card_declined',
  decline_code: 'generic_decline',
  message: 'Your card was declined.',
  advice_code: 'try_again_later',
  network_decline_code: '01',
};

function planFor(paymentMethod: PaymentMethod, intent: Pick<SetupIntent, 'payment_method_options'>, env: SetupIntentEnvironment): Plan {
  const entry = testEntryOf(paymentMethod, env);
  const settlement = entry?.settlement ?? SUCCEED;
  const details = entry?.details;
  switch (paymentMethod.type) {
    case 'card': {
      if (entry !== undefined && details?.type === 'card' && details.declineOnConfirm !== undefined) {
        return { step: 'decline', entry };
      }
      const support = details?.type === 'card' ? details.threeDSecure : 'not_supported';
      const requested = intent.payment_method_options?.card?.request_three_d_secure;
      const asks = requested === 'any' || requested === 'challenge';
      if (support === 'required' || (support === 'optional' && asks)) {
        const frictionless = details?.type === 'card' && details.frictionless === true && requested !== 'challenge';
        return { step: 'authenticate', after: settlement, threeDSecure: frictionless ? 'frictionless' : 'challenge' };
      }
      return { step: 'settle', settlement, threeDSecure: 'none' };
    }
    case 'us_bank_account': {
      const linked = paymentMethod.us_bank_account?.financial_connections_account != null;
      const forced = intent.payment_method_options?.us_bank_account?.['verification_method'] === 'microdeposits';
      const depositsFail = details?.type === 'us_bank_account' && details.microdepositsFail === true;
      if (!linked || forced || depositsFail) {
        return { step: 'microdeposits', after: settlement, depositsFail };
      }
      return { step: 'settle', settlement, threeDSecure: 'none' };
    }
    case 'acss_debit': {
      const forced = intent.payment_method_options?.acss_debit?.['verification_method'] === 'microdeposits';
      const instant = details?.type === 'acss_debit' && details.instantlyVerified && details.microdepositsFail !== true;
      if (forced || !instant) {
        const depositsFail = details?.type === 'acss_debit' && details.microdepositsFail === true;
        return { step: 'microdeposits', after: settlement, depositsFail };
      }
      return { step: 'settle', settlement, threeDSecure: 'none' };
    }
    default:
      return { step: 'settle', settlement, threeDSecure: 'none' };
  }
}

/** The call or Stripe-side step a settlement ends, which names the machine event it is. */
export type SettlementTrigger =
  | { readonly kind: 'confirm'; readonly hasPaymentMethod: boolean }
  | { readonly kind: 'customer_action' }
  | { readonly kind: 'microdeposits' }
  | { readonly kind: 'processing' };

/**
 * The statechart event of a settlement: a confirmation's outcome, the step after the customer's
 * action or a verification, or the bank's answer. A failed confirmation that reaches the
 * confirmation limit is `failed_limit_reached` (T10).
 */
export function settlementEvent(
  trigger: SettlementTrigger,
  settlement: Pick<TestSettlement, 'kind'>,
  record: SetupIntentRecord,
  env: SetupIntentEnvironment,
): SetupIntentMachineEvent {
  switch (trigger.kind) {
    case 'confirm': {
      const outcome =
        settlement.kind === 'succeed' ? 'succeeded' : settlement.kind === 'process' ? 'processing' : reachesConfirmationLimit(record, env) ? 'failed_limit_reached' : 'failed';
      return { type: 'api.confirm', hasPaymentMethod: trigger.hasPaymentMethod, outcome };
    }
    case 'customer_action':
      return { type: 'stripe.action_succeeded', outcome: settlement.kind === 'succeed' ? 'succeeded' : settlement.kind === 'process' ? 'processing' : 'failed' };
    case 'microdeposits':
      return { type: 'api.verify_microdeposits', outcome: settlement.kind === 'succeed' ? 'verified' : settlement.kind === 'process' ? 'processing' : 'failed' };
    case 'processing':
      if (settlement.kind === 'process') throw new SetupIntentMachineError('processing cannot settle into processing again');
      return { type: settlement.kind === 'succeed' ? 'stripe.processing_succeeded' : 'stripe.processing_failed' };
  }
}

/** Applies a settlement along `taken` to a record whose latest attempt is in flight. */
export function applySettlement(
  record: SetupIntentRecord,
  settlement: TestSettlement,
  paymentMethod: PaymentMethod,
  env: SetupIntentEnvironment,
  taken: TakenStep,
  options: { readonly authentication?: 'authenticated'; readonly duringConfirmation?: boolean } = {},
): SettledStep {
  const { authentication, duringConfirmation = false } = options;
  switch (settlement.kind) {
    case 'succeed':
      return succeedSetup(record, paymentMethod, env, taken, authentication);
    case 'fail':
      // Only failures answered to a confirm call count towards the confirmation limit (T10).
      return failSetup(record, setupErrorFrom(settlement.failure, paymentMethod), taken, {
        countsAsConfirmation: duringConfirmation,
        ...(authentication === undefined ? {} : { authentication }),
      });
    case 'process': {
      const pending: PendingStep = {
        kind: 'processing',
        outcome: settlement.then,
        settlesAt: settlement.settlesAfterSeconds === null ? null : env.now() + settlement.settlesAfterSeconds,
      };
      return startProcessing(record, pending, taken, authentication);
    }
  }
}

function mergeChanges(first: RelatedChanges, second: RelatedChanges): RelatedChanges {
  return {
    setupAttempts: [...first.setupAttempts, ...second.setupAttempts],
    mandates: [...first.mandates, ...second.mandates],
    paymentMethods: mergePaymentMethods(first.paymentMethods, second.paymentMethods),
    spentPaymentMethods: [...(first.spentPaymentMethods ?? []), ...(second.spentPaymentMethods ?? [])],
  };
}

/** Both lists, a PaymentMethod seen twice keeping its first place and its last version. */
function mergePaymentMethods(first: readonly PaymentMethod[], second: readonly PaymentMethod[]): PaymentMethod[] {
  // One PaymentMethod or none, the usual case, needs no de-duplication.
  if (first.length + second.length <= 1) {
    return [...first, ...second];
  }
  const byId = new Map<string, PaymentMethod>();
  for (const pm of [...first, ...second]) {
    byId.set(pm.id, pm);
  }
  return [...byId.values()];
}

/** Schemes a browser runs or reads locally instead of navigating to: never a place to send a customer back to. */
const SCRIPT_SCHEMES: ReadonlySet<string> = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:', 'about:', 'filesystem:']);

/**
 * Whether a `return_url` is an absolute URL a customer can be sent back to: http(s), or an app
 * scheme such as `myapp://done` (Stripe accepts those for mobile apps).
 */
function isAbsoluteUrl(value: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return false;
  }
  // The raw text must start with the scheme: the URL parser forgives leading spaces and inner tabs.
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(value) && !SCRIPT_SCHEMES.has(parsed.protocol.toLowerCase());
}

function preconditionError(record: SetupIntentRecord, paymentMethod: PaymentMethod, request: ConfirmationRequest, env: SetupIntentEnvironment): StripeRequestError | null {
  const { intent } = record;
  if (request.return_url !== undefined && !isAbsoluteUrl(request.return_url)) {
    return requestError(400, apiError('invalid_request_error', { code: 'url_invalid', param: 'return_url', message: 'Not a valid URL' }));
  }
  const ownership = checkOwnership(paymentMethod, intent.customer, request.existing === true ? intent : undefined);
  if (ownership !== null) {
    return ownership;
  }
  const reusable = checkReusable(paymentMethod, env);
  if (reusable !== null) {
    return reusable;
  }
  const type = checkAllowedType(paymentMethod, intent);
  if (type !== null) {
    return type;
  }
  const automatic = intent.automatic_payment_methods;
  if (automatic?.enabled === true && automatic.allow_redirects !== 'never' && request.return_url === undefined) {
    return invalidParameter('return_url', RETURN_URL_REQUIRED);
  }
  const mandateMissing = mandateAcceptanceOf(request) === undefined;
  if (MANDATE_TYPES.has(paymentMethod.type) && mandateMissing && !request.publishable && env.behavior.requireMandateData) {
    return parameterMissing('mandate_data');
  }
  return null;
}

/**
 * Runs a confirmation on a record (spec §2.6, T6-T10): resolves the payment method, checks the
 * status and the preconditions in Stripe's order, records a new SetupAttempt and moves the
 * SetupIntent to the outcome the payment method's test behaviour dictates.
 */
export function runConfirmation(record: SetupIntentRecord, request: ConfirmationRequest, env: SetupIntentEnvironment): StepResult {
  const resolution = resolvePaymentMethod(record, request, env);
  // The missing-payment-method refusal comes before the status check (spec §2.6, recorded).
  if (resolution === null) {
    return refused(setupIntentUnexpectedState(MISSING_PAYMENT_METHOD, record.intent));
  }
  if (!statusAccepts(record.intent.status, 'api.confirm')) {
    return refused(confirmRefusal(record.intent));
  }
  if (!resolution.ok) {
    return refused(resolution.error);
  }
  const { paymentMethod: resolved, created } = resolution.value;
  const options =
    request.payment_method_options === undefined
      ? record.intent.payment_method_options
      : paymentMethodOptionsFor(
          record.intent.payment_method_types,
          record.intent.payment_method_options,
          request.payment_method_options,
          record.intent.automatic_payment_methods?.enabled === true,
        );
  const problem = preconditionError(record, resolved, request, env);
  if (problem !== null) {
    return refused(problem);
  }
  // The card network checks the CVC the first time the card is used (recorded: `unchecked` until then).
  const paymentMethod = withCheckedCvc(resolved);

  const abandoned = abandonIfWaiting(record.latestAttempt);
  const plan = planFor(paymentMethod, { payment_method_options: options }, env);
  const attemptStatus = plan.step === 'authenticate' || plan.step === 'microdeposits' ? 'requires_action' : 'requires_confirmation';
  // The attempt copies fields of the SetupIntent that this confirmation does not change.
  const attempt = newSetupAttempt(record.intent, paymentMethod, attemptStatus, plan.step === 'authenticate' ? plan.threeDSecure : plan.step === 'settle' ? plan.threeDSecure : 'none', env);
  const confirming: SetupIntentRecord = {
    ...record,
    intent: { ...record.intent, payment_method: paymentMethod.id, payment_method_options: options, latest_attempt: attempt.id },
    latestAttempt: attempt,
    pending: null,
    mandateAcceptance: acceptanceFrom(request, env),
  };
  const before: RelatedChanges = {
    setupAttempts: abandoned === null ? [] : [abandoned],
    mandates: [],
    paymentMethods: created || paymentMethod !== resolved ? [paymentMethod] : [],
  };

  const hasPaymentMethod = request.payment_method !== undefined || request.payment_method_data !== undefined;
  const event: SetupIntentMachineEvent =
    plan.step === 'settle'
      ? settlementEvent({ kind: 'confirm', hasPaymentMethod }, plan.settlement, record, env)
      : plan.step === 'decline'
        ? settlementEvent({ kind: 'confirm', hasPaymentMethod }, { kind: 'fail' }, record, env)
        : { type: 'api.confirm', hasPaymentMethod, outcome: 'requires_action', action: plan.step === 'authenticate' ? 'customer_action' : 'microdeposits' };
  const taken = takeStep(record, event);
  if (taken === null) {
    return refused(confirmRefusal(record.intent));
  }

  switch (plan.step) {
    case 'settle': {
      const step = applySettlement(confirming, plan.settlement, paymentMethod, env, taken, { duringConfirmation: true });
      return finish(step, mergeChanges(before, step.changes), plan.settlement.kind === 'fail');
    }
    case 'decline': {
      const details = plan.entry.details;
      const decline = details.type === 'card' ? details.declineOnConfirm : undefined;
      const failure: TestCardError = decline ?? GENERIC_DECLINE;
      const step = failSetup(confirming, setupErrorFrom({ type: 'card_error', ...failure }, paymentMethod), taken, { countsAsConfirmation: true });
      return finish(step, mergeChanges(before, step.changes), true);
    }
    case 'authenticate': {
      const url = env.urls.authentication(record.intent.id, attempt.id);
      const nextAction: SetupIntentNextAction =
        request.return_url !== undefined && request.use_stripe_sdk !== true
          ? { type: 'redirect_to_url', redirect_to_url: { return_url: request.return_url, url } }
          : { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: url, source: attempt.id } };
      const expiry = env.behavior.customerActionExpirySeconds;
      const pending: PendingStep = { kind: 'customer_action', afterAction: plan.after, expiresAt: expiry === null ? null : env.now() + expiry };
      return waitFor(confirming, pending, nextAction, taken, mergeChanges(before, { setupAttempts: [attempt], mandates: [], paymentMethods: [] }));
    }
    case 'microdeposits': {
      const behavior = env.behavior;
      const type = behavior.microdepositType;
      const now = env.now();
      const pending: PendingStep = {
        kind: 'microdeposits',
        microdepositType: type,
        attemptsRemaining: behavior.microdepositAttempts[type],
        arrivesAt: now + behavior.microdepositArrivalSeconds,
        expiresAt: now + behavior.microdepositTimeoutSeconds,
        depositsFail: plan.depositsFail,
        afterVerification: plan.after,
      };
      const nextAction: SetupIntentNextAction = {
        type: 'verify_with_microdeposits',
        verify_with_microdeposits: {
          arrival_date: pending.arrivesAt,
          hosted_verification_url: env.urls.microdepositVerification(record.intent.id, attempt.id),
          microdeposit_type: type,
        },
      };
      return waitFor(confirming, pending, nextAction, taken, mergeChanges(before, { setupAttempts: [attempt], mandates: [], paymentMethods: [] }));
    }
  }
}

/** A confirmation that now waits on the customer or on microdeposits (T7). */
function waitFor(confirming: SetupIntentRecord, pending: PendingStep, nextAction: SetupIntentNextAction, taken: TakenStep, changes: RelatedChanges): StepResult {
  const intent = { ...confirming.intent, ...transitionFields(confirming.intent, taken.transition, { nextAction }) };
  return {
    kind: 'applied',
    record: { ...confirming, intent, pending },
    changes,
    drafts: emittedDrafts(taken.transition, intent),
    machineEvents: [taken.event],
  };
}

/**
 * A settled step as a result. A failed setup is persisted and also answered as an error: 402 for
 * card errors, 400 otherwise, with the SetupIntent as it now stands (spec §4.4).
 */
export function finish(step: SettledStep, changes: RelatedChanges, failed: boolean): StepResult {
  const error = step.record.intent.last_setup_error;
  if (!failed || error === null) {
    return { kind: 'applied', record: step.record, changes, drafts: step.drafts, machineEvents: step.machineEvents };
  }
  const statusCode = error.type === 'card_error' ? 402 : 400;
  return {
    kind: 'failed',
    record: step.record,
    changes,
    drafts: step.drafts,
    machineEvents: step.machineEvents,
    error: requestError(statusCode, withSetupIntent(error, step.record.intent)),
  };
}

/**
 * `{ ...error, setup_intent: intent }`, copied key by key: a spread followed by a new key gives
 * every copy its own hidden class, which slows down everything that reads it later.
 */
function withSetupIntent(error: StripeApiError, intent: SetupIntent): StripeApiError {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(error)) {
    copy[key] = error[key as keyof StripeApiError];
  }
  copy['setup_intent'] = intent;
  return copy as unknown as StripeApiError;
}
