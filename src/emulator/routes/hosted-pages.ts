import type { SetupIntentRecord } from '../../core/setup-intent-record.js';
import { completeCustomerAction } from '../../operations/complete-customer-action.js';
import { verifyMicrodeposits } from '../../operations/verify-microdeposits.js';
import type { PaymentMethod } from '../../types/payment-method.js';
import type { Route, RouteContext, RouteOutcome } from '../router.js';
import { authenticationPage, authenticationResultPage, returnRedirect } from '../pages/authentication-page.js';
import { messagePage } from '../pages/html.js';
import { mandatePage } from '../pages/mandate-page.js';
import { microdepositEntry, microdepositPage, microdepositResultPage, readMicrodepositForm } from '../pages/microdeposit-page.js';
import type { MicrodepositType } from '../pages/microdeposit-page.js';
import { formActionSource, isRedirectable, redirectStatusOf, returnUrlOf, returnUrlWithResult } from '../pages/return-url.js';

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

/** The attempt a page link names, when it is the SetupIntent's latest; otherwise the page to answer. */
type AttemptCheck = { readonly ok: true; readonly attempt: string } | { readonly ok: false; readonly answer: RouteOutcome };

function checkAttempt(context: RouteContext, record: SetupIntentRecord, title: string): AttemptCheck {
  const attempt = stringParam(context, 'attempt');
  if (attempt !== undefined && attempt === record.intent.latest_attempt) {
    return { ok: true, attempt };
  }
  const message =
    `This page belongs to ${attempt === undefined ? 'no attempt' : `the attempt ${attempt}`}, which is not the latest attempt of ` +
    `the SetupIntent ${record.intent.id}. Open the URL of its current next_action instead.`;
  return { ok: false, answer: conflictPage(title, message) };
}

/** A page saying the link no longer applies (409): the SetupIntent moved on or another attempt is current. */
function conflictPage(title: string, message: string): RouteOutcome {
  return messagePage(409, title, message);
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
  const intent = record.intent;
  if (intent.status !== 'requires_action' || record.pending?.kind !== 'customer_action') {
    return conflictPage(NOTHING_TO_AUTHENTICATE, `This SetupIntent is not waiting on authentication: it has a status of ${intent.status}.`);
  }
  const check = checkAttempt(context, record, NOTHING_TO_AUTHENTICATE);
  if (!check.ok) {
    return check.answer;
  }
  return authenticationPage({ intent, attempt: check.attempt, paymentMethod: paymentMethodOf(context, record), formTargets: formTargetsOf(record) });
}

function authenticate(context: RouteContext, record: SetupIntentRecord): RouteOutcome {
  const outcome = stringParam(context, 'outcome');
  if (outcome !== 'succeeded' && outcome !== 'failed') {
    return messagePage(400, 'Choose an outcome', 'Use the "Complete authentication" or "Fail authentication" button of the authentication page.');
  }
  const check = checkAttempt(context, record, NOTHING_TO_AUTHENTICATE);
  if (!check.ok) {
    return check.answer;
  }
  // Completing the action clears next_action, and with it the only copy of the return URL.
  const returnUrl = returnUrlOf(record.intent);
  const result = context.state.applyResult(completeCustomerAction(record, outcome, context.state.store.env));
  if (result.kind === 'refused') {
    return conflictPage(NOTHING_TO_AUTHENTICATE, result.error.error.message ?? 'This SetupIntent is not waiting on authentication.');
  }
  const intent = result.record.intent;
  if (returnUrl !== null && isRedirectable(returnUrl)) {
    return returnRedirect(returnUrlWithResult(returnUrl, intent, redirectStatusOf(intent.status)));
  }
  return authenticationResultPage(intent, outcome);
}

/** The microdeposit type a SetupIntent waits on, or `null` when it waits on none. */
function microdepositTypeOf(record: SetupIntentRecord): MicrodepositType | null {
  const action = record.intent.next_action?.verify_with_microdeposits;
  if (record.intent.status !== 'requires_action' || action === undefined) {
    return null;
  }
  return action.microdeposit_type ?? 'amounts';
}

function microdepositsNotWaiting(record: SetupIntentRecord): RouteOutcome {
  return conflictPage(NOTHING_TO_VERIFY, `This SetupIntent is not waiting on microdeposit verification: it has a status of ${record.intent.status}.`);
}

function showMicrodeposits(context: RouteContext, record: SetupIntentRecord): RouteOutcome {
  const type = microdepositTypeOf(record);
  if (type === null) {
    return microdepositsNotWaiting(record);
  }
  const check = checkAttempt(context, record, NOTHING_TO_VERIFY);
  if (!check.ok) {
    return check.answer;
  }
  return microdepositPage({ intent: record.intent, attempt: check.attempt, type, paymentMethod: paymentMethodOf(context, record) });
}

function verify(context: RouteContext, record: SetupIntentRecord): RouteOutcome {
  const check = checkAttempt(context, record, NOTHING_TO_VERIFY);
  if (!check.ok) {
    return check.answer;
  }
  const type = microdepositTypeOf(record);
  if (type === null) {
    return microdepositsNotWaiting(record);
  }
  const entry = microdepositEntry(context.params);
  const paymentMethod = paymentMethodOf(context, record);
  const form = { attempt: check.attempt, type, paymentMethod, entry, status: 400 };
  const read = readMicrodepositForm(type, entry);
  if (!read.ok) {
    return microdepositPage({ ...form, intent: record.intent, error: read.message });
  }
  const result = context.state.applyResult(verifyMicrodeposits(record, read.params, context.state.store.env, context.access));
  switch (result.kind) {
    case 'refused':
      return microdepositPage({ ...form, intent: record.intent, error: result.error.error.message ?? 'The values were not accepted.' });
    case 'failed': {
      const message = result.error.error.message ?? 'The values do not match.';
      // A mismatch costs an attempt but keeps the SetupIntent waiting: ask again.
      return result.record.intent.status === 'requires_action'
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
 * The pages a customer sees, served without an API key: the test 3D Secure page, the microdeposit
 * verification page and the mandate page the SetupIntent's `next_action` and mandates link to.
 *
 * @remarks Posting a page applies the same core operation as the test helpers
 * (`completeCustomerAction`, `verifyMicrodeposits`), so the request is logged and replayed like
 * any other change. After authentication a SetupIntent confirmed with a `return_url` redirects
 * there with `setup_intent`, `setup_intent_client_secret` and `redirect_status`, as Stripe does.
 */
export const HOSTED_PAGE_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/hosted/authenticate/:intent',
    auth: 'none',
    renders: 'none',
    handle: (context) => withRecord(context, (record) => showAuthentication(context, record)),
  },
  {
    method: 'POST',
    pattern: '/hosted/authenticate/:intent',
    auth: 'none',
    renders: 'none',
    handle: (context) => withRecord(context, (record) => authenticate(context, record)),
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
