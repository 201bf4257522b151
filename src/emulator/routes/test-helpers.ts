import type { OperationResult } from '../../core/operation-result.js';
import type { SetupIntentRecord } from '../../core/setup-intent-record.js';
import { parameterMissing } from '../../core/stripe-errors.js';
import { expireSetupAttempt } from '../../operations/expire-attempt.js';
import { failTestSetupIntent } from '../../operations/fail-test-setup-intent.js';
import { succeedTestSetupIntent } from '../../operations/succeed-test-setup-intent.js';
import { authenticatePaymentIntent } from '../../operations/authenticate-payment-intent.js';
import { runDueSteps } from '../due-steps.js';
import { withPaymentIntent } from './payment-intents.js';
import type { Route, RouteContext, RouteOutcome } from '../router.js';
import { answerOperation, answerPaymentIntentOperation, refusal } from '../route-answers.js';
import { EXPAND_PARAM, checkRouteParams } from '../route-params.js';
import { withIntent } from './setup-intents.js';

/** The longest single clock advance: ten years. */
const MAX_ADVANCE_SECONDS = 10 * 365 * 24 * 60 * 60;

function helper(context: RouteContext, step: (record: SetupIntentRecord) => OperationResult): RouteOutcome {
  return withIntent(context, (record) => {
    const check = checkRouteParams(context, { expand: EXPAND_PARAM });
    return check.ok ? answerOperation(context, step(record)) : refusal(check.error);
  });
}

/** The customer completes or fails the 3D Secure a PaymentIntent waits on (the hosted page's operation, without the page). */
function paymentIntentHelper(context: RouteContext, outcome: 'succeeded' | 'failed'): RouteOutcome {
  return withPaymentIntent(context, (record) => {
    const check = checkRouteParams(context, { expand: EXPAND_PARAM });
    return check.ok
      ? answerPaymentIntentOperation(context, authenticatePaymentIntent(record, record.pending?.attempt, outcome, context.env))
      : refusal(check.error);
  });
}

/**
 * What the customer or the bank does outside the API, the account's clock, and the reset of the
 * caller's account. What `succeed`, `fail` and `expire` do to a SetupIntent is the core's decision.
 */
export const TEST_HELPER_ROUTES: readonly Route[] = [
  {
    method: 'POST',
    pattern: '/v1/test_helpers/setup_intents/:intent/succeed',
    auth: 'secret',
    renders: 'setup_intent',
    handle: (context) => helper(context, (record) => succeedTestSetupIntent(record, context.env, context.access)),
  },
  {
    method: 'POST',
    pattern: '/v1/test_helpers/setup_intents/:intent/fail',
    auth: 'secret',
    renders: 'setup_intent',
    handle: (context) => helper(context, (record) => failTestSetupIntent(record, context.env)),
  },
  {
    method: 'POST',
    pattern: '/v1/test_helpers/setup_intents/:intent/expire',
    auth: 'secret',
    renders: 'setup_intent',
    handle: (context) => helper(context, (record) => expireSetupAttempt(record, context.env)),
  },
  {
    method: 'POST',
    pattern: '/v1/test_helpers/payment_intents/:intent/succeed',
    auth: 'secret',
    renders: 'payment_intent',
    handle: (context) => paymentIntentHelper(context, 'succeeded'),
  },
  {
    method: 'POST',
    pattern: '/v1/test_helpers/payment_intents/:intent/fail',
    auth: 'secret',
    renders: 'payment_intent',
    handle: (context) => paymentIntentHelper(context, 'failed'),
  },
  {
    method: 'POST',
    pattern: '/v1/test_helpers/advance_clock',
    auth: 'secret',
    renders: 'none',
    handle: (context) => {
      const check = checkRouteParams<{ readonly seconds?: number }>(context, { seconds: { kind: 'integer', min: 0 } });
      if (!check.ok) {
        return refusal(check.error);
      }
      const seconds = check.params.seconds;
      if (seconds === undefined) {
        return refusal(parameterMissing('seconds'));
      }
      if (seconds > MAX_ADVANCE_SECONDS) {
        return refusal({
          statusCode: 400,
          error: { type: 'invalid_request_error', code: 'parameter_invalid_integer', param: 'seconds', message: `The clock can move at most ${MAX_ADVANCE_SECONDS} seconds at once.` },
        });
      }
      context.clock.advance(seconds);
      // The new time derives from the request's time, not the wall clock, so a replay reproduces it.
      context.state.time += seconds;
      const changed = runDueSteps(context.state);
      return {
        status: 200,
        body: { object: 'test_helpers.clock_advance', advanced_by: seconds, now: context.state.time, offset: context.clock.offset(), setup_intents_changed: changed },
        changed: true,
      };
    },
  },
  {
    method: 'POST',
    pattern: '/v1/test_helpers/reset',
    auth: 'secret',
    renders: 'none',
    handle: (context) => {
      const check = checkRouteParams(context, {});
      if (!check.ok) {
        return refusal(check.error);
      }
      const deleted = context.state.clear();
      context.clock.reset();
      return {
        status: 200,
        body: { object: 'test_helpers.reset', account: context.account, deleted },
        changed: true,
      };
    },
  },
];
