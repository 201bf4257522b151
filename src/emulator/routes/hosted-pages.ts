import { commitOfPaymentIntentResult, commitOfSetupIntentResult } from '../../core/commit.js';
import type { PaymentIntentRecord } from '../../core/payment-intent-record.js';
import { authenticatePaymentIntent, pendingPaymentAuthentication } from '../../operations/authenticate-payment-intent.js';
import { checkLatestAttempt } from '../../core/latest-attempt.js';
import type { OperationResult } from '../../core/operation-result.js';
import { paymentRedirectStatusOf, redirectStatusOf } from '../../core/redirect-status.js';
import type { SetupIntentRecord } from '../../core/setup-intent-record.js';
import { authenticateSetupAttempt } from '../../operations/authenticate-setup-attempt.js';
import { pendingAuthentication } from '../../operations/pending-authentication.js';
import { pendingMicrodepositVerification } from '../../operations/pending-microdeposit-verification.js';
import { verifySetupAttemptMicrodeposits } from '../../operations/verify-setup-attempt-microdeposits.js';
import type { PaymentMethod } from '../../types/payment-method.js';
import type { StripeRequestError } from '../../types/stripe-error.js';
import type { Route, RouteContext, RouteOutcome } from '../router.js';
import { authenticationPage, authenticationResultPage, returnRedirect } from '../pages/authentication-page.js';
import { embeddable, messagePage } from '../pages/html.js';
import { mandatePage } from '../pages/mandate-page.js';
import { microdepositEntry, microdepositPage, microdepositResultPage, readMicrodepositForm } from '../pages/microdeposit-page.js';
import { formActionSource, isRedirectable, returnUrlOf, returnUrlWithResult } from '../pages/return-url.js';

function stringParam(context: RouteContext, name: string): string | undefined {
  const value = context.params[name];
  return typeof value === 'string' ? value : undefined;
}

/** Runs `use` on the SetupIntent the path names, or answers a 404 page. */
function withRecord(context: RouteContext, use: (record: SetupIntentRecord) => RouteOutcome): RouteOutcome {
  const id = context.path['intent'] ?? '';
  const record = context.state.store.setupIntents.get(id);
  return record === undefined ? messagePage(404, 'Page not found', `There is no SetupIntent ${id} in this emulator.`) : use(record);
}

function paymentMethodOf(context: RouteContext, record: SetupIntentRecord): PaymentMethod | undefined {
  const id = record.intent.payment_method;
  return id === null ? undefined : context.state.store.paymentMethods.get(id);
}

/** A page saying the link no longer applies (409), with the core's reason: the SetupIntent moved on or another attempt is current. */
function conflictPage(title: string, error: StripeRequestError, fallback: string): RouteOutcome {
  return messagePage(409, title, error.error.message ?? fallback);
}

/** Commits what a page's operation changed. */
function commit(context: RouteContext, result: OperationResult): void {
  context.state.commit(commitOfSetupIntentResult(result));
}

const NOTHING_TO_AUTHENTICATE = 'Nothing to authenticate';
const NOTHING_TO_VERIFY = 'Nothing to verify';

/** The sources a page's form may end up redirecting to: the return URL's origin, when there is one. */
function formTargetsOf(record: SetupIntentRecord): string[] {
  const returnUrl = returnUrlOf(record.intent);
  const source = returnUrl === null ? null : formActionSource(returnUrl);
  return source === null ? [] : [source];
}

function showAuthentication(context: RouteContext, record: SetupIntentRecord): RouteOutcome {
  const pending = pendingAuthentication(record, stringParam(context, 'attempt'));
  if (pending.kind === 'refused') {
    return conflictPage(NOTHING_TO_AUTHENTICATE, pending.error, 'This SetupIntent is not waiting on authentication.');
  }
  return authenticationPage({ intent: record.intent, attempt: pending.value, paymentMethod: paymentMethodOf(context, record), formTargets: formTargetsOf(record) });
}

function authenticate(context: RouteContext, record: SetupIntentRecord): RouteOutcome {
  const outcome = stringParam(context, 'outcome');
  if (outcome !== 'succeeded' && outcome !== 'failed') {
    return messagePage(400, 'Choose an outcome', 'Use the "Complete authentication" or "Fail authentication" button of the authentication page.');
  }
  // Completing the action clears next_action, and with it the only copy of the return URL.
  const returnUrl = returnUrlOf(record.intent);
  const result = authenticateSetupAttempt(record, stringParam(context, 'attempt'), outcome, context.env);
  commit(context, result);
  if (result.kind === 'refused') {
    return conflictPage(NOTHING_TO_AUTHENTICATE, result.error, 'This SetupIntent is not waiting on authentication.');
  }
  const intent = result.record.intent;
  if (returnUrl !== null && isRedirectable(returnUrl)) {
    return returnRedirect(returnUrlWithResult(returnUrl, intent, redirectStatusOf(intent.status)));
  }
  return authenticationResultPage(intent, outcome);
}

/** Runs `use` on the PaymentIntent the path names, or answers a 404 page. */
function withPaymentIntentRecord(context: RouteContext, use: (record: PaymentIntentRecord) => RouteOutcome): RouteOutcome {
  const id = context.path['intent'] ?? '';
  const record = context.state.store.paymentIntents.get(id);
  return record === undefined ? messagePage(404, 'Page not found', `There is no PaymentIntent ${id} in this emulator.`) : use(record);
}

function paymentIntentFormTargets(record: PaymentIntentRecord): string[] {
  const source = record.pending?.returnUrl == null ? null : formActionSource(record.pending.returnUrl);
  return source === null ? [] : [source];
}

function showPaymentAuthentication(context: RouteContext, record: PaymentIntentRecord): RouteOutcome {
  const pending = pendingPaymentAuthentication(record, stringParam(context, 'attempt'));
  if (pending.kind === 'refused') {
    return conflictPage(NOTHING_TO_AUTHENTICATE, pending.error, 'This PaymentIntent is not waiting on authentication.');
  }
  const id = record.intent.payment_method;
  const paymentMethod = id === null ? undefined : context.state.store.paymentMethods.get(id);
  return authenticationPage({ intent: record.intent, attempt: pending.value, paymentMethod, formTargets: paymentIntentFormTargets(record) });
}

function authenticatePayment(context: RouteContext, record: PaymentIntentRecord): RouteOutcome {
  const outcome = stringParam(context, 'outcome');
  if (outcome !== 'succeeded' && outcome !== 'failed') {
    return messagePage(400, 'Choose an outcome', 'Use the "Complete authentication" or "Fail authentication" button of the authentication page.');
  }
  const returnUrl = record.pending?.returnUrl ?? null;
  // Whether the page applies and what posting it does is the core's decision.
  const result = authenticatePaymentIntent(record, stringParam(context, 'attempt'), outcome, context.env);
  context.state.commit(commitOfPaymentIntentResult(result));
  if (result.kind === 'refused') {
    return conflictPage(NOTHING_TO_AUTHENTICATE, result.error, 'This PaymentIntent is not waiting on authentication.');
  }
  const intent = result.record.intent;
  if (returnUrl !== null && isRedirectable(returnUrl)) {
    return returnRedirect(returnUrlWithResult(returnUrl, intent, paymentRedirectStatusOf(intent.status), 'payment_intent'));
  }
  return authenticationResultPage(intent, outcome);
}

/** The authentication page of a SetupIntent (`seti_…`) or a PaymentIntent (`pi_…`), by the id's prefix. */
function authenticationRoute(context: RouteContext, post: boolean): RouteOutcome {
  if ((context.path['intent'] ?? '').startsWith('pi_')) {
    return withPaymentIntentRecord(context, (record) => (post ? authenticatePayment(context, record) : showPaymentAuthentication(context, record)));
  }
  return withRecord(context, (record) => (post ? authenticate(context, record) : showAuthentication(context, record)));
}

function showMicrodeposits(context: RouteContext, record: SetupIntentRecord): RouteOutcome {
  const pending = pendingMicrodepositVerification(record, stringParam(context, 'attempt'), context.env);
  if (pending.kind === 'refused') {
    return conflictPage(NOTHING_TO_VERIFY, pending.error, 'This SetupIntent is not waiting on microdeposit verification.');
  }
  const { attempt, microdepositType: type, testValues } = pending.value;
  return microdepositPage({ intent: record.intent, attempt, type, testValues, paymentMethod: paymentMethodOf(context, record) });
}

function verify(context: RouteContext, record: SetupIntentRecord): RouteOutcome {
  const attempt = stringParam(context, 'attempt');
  const env = context.env;
  // A post names its attempt before anything else: a stale page is refused as such.
  const latest = checkLatestAttempt(record, attempt);
  if (!latest.ok) {
    return conflictPage(NOTHING_TO_VERIFY, latest.error, 'This page does not belong to the latest attempt.');
  }
  const pending = pendingMicrodepositVerification(record, attempt, env);
  if (pending.kind === 'refused') {
    return conflictPage(NOTHING_TO_VERIFY, pending.error, 'This SetupIntent is not waiting on microdeposit verification.');
  }
  const { microdepositType: type, testValues } = pending.value;
  const entry = microdepositEntry(context.params);
  const paymentMethod = paymentMethodOf(context, record);
  const form = { attempt: latest.attempt, type, testValues, paymentMethod, entry, status: 400 };
  const read = readMicrodepositForm(type, entry);
  if (!read.ok) {
    return microdepositPage({ ...form, intent: record.intent, error: read.message });
  }
  const result = verifySetupAttemptMicrodeposits(record, attempt, read.params, env, context.access);
  commit(context, result);
  switch (result.kind) {
    case 'refused':
      return microdepositPage({ ...form, intent: record.intent, error: result.error.error.message ?? 'The values were not accepted.' });
    case 'failed': {
      const message = result.error.error.message ?? 'The values do not match.';
      // A mismatch costs an attempt but keeps the SetupIntent waiting: ask again.
      return pendingMicrodepositVerification(result.record, attempt, env).kind === 'found'
        ? microdepositPage({ ...form, intent: result.record.intent, error: message, changed: true })
        : microdepositResultPage(result.record.intent, message);
    }
    case 'applied':
      return microdepositResultPage(result.record.intent, null);
  }
}

function showMandate(context: RouteContext): RouteOutcome {
  const id = context.path['mandate'] ?? '';
  const mandate = context.state.store.mandates.get(id);
  return mandate === undefined ? messagePage(404, 'Page not found', `There is no mandate ${id} in this emulator.`) : mandatePage(mandate);
}

/**
 * The pages a customer sees, served without an API key: the test 3D Secure page (of SetupIntents
 * and PaymentIntents alike, told apart by the id in the path), the microdeposit
 * verification page and the mandate page the SetupIntent's `next_action` and mandates link to.
 *
 * @remarks Whether a page applies, and what posting it does, is the core's decision
 * (`pendingAuthentication` and `authenticateSetupAttempt`, `pendingMicrodepositVerification` and
 * `verifySetupAttemptMicrodeposits`): only the latest attempt's link acts. A post is committed,
 * logged and replayed like any other change. After authentication a SetupIntent confirmed with a
 * `return_url` redirects there with `setup_intent`, `setup_intent_client_secret` and
 * `redirect_status`, as Stripe does.
 */
export const HOSTED_PAGE_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/hosted/authenticate/:intent',
    auth: 'none',
    renders: 'none',
    handle: (context) => embeddable(authenticationRoute(context, false)),
  },
  {
    method: 'POST',
    pattern: '/hosted/authenticate/:intent',
    auth: 'none',
    renders: 'none',
    handle: (context) => embeddable(authenticationRoute(context, true)),
  },
  {
    method: 'GET',
    pattern: '/hosted/microdeposits/:intent',
    auth: 'none',
    renders: 'none',
    handle: (context) => withRecord(context, (record) => showMicrodeposits(context, record)),
  },
  {
    method: 'POST',
    pattern: '/hosted/microdeposits/:intent',
    auth: 'none',
    renders: 'none',
    handle: (context) => withRecord(context, (record) => verify(context, record)),
  },
  {
    method: 'GET',
    pattern: '/hosted/mandates/:mandate',
    auth: 'none',
    renders: 'none',
    handle: showMandate,
  },
];
