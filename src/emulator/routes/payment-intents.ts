import type { PaymentIntentRecord } from '../../core/payment-intent-record.js';
import type { Charge } from '../../types/charge.js';
import { resourceMissing } from '../../core/stripe-errors.js';
import { cancelPaymentIntent } from '../../operations/cancel-payment-intent.js';
import { capturePaymentIntent } from '../../operations/capture-payment-intent.js';
import { confirmPaymentIntent } from '../../operations/confirm-payment-intent.js';
import { createPaymentIntent } from '../../operations/create-payment-intent.js';
import { listPaymentIntents } from '../../operations/list-payment-intents.js';
import { retrievePaymentIntent } from '../../operations/retrieve-payment-intent.js';
import { updatePaymentIntent } from '../../operations/update-payment-intent.js';
import type { Route, RouteContext, RouteOutcome } from '../router.js';
import { answerPaymentIntentOperation, answerRead, refusal } from '../route-answers.js';

/**
 * Runs `use` on the PaymentIntent the path names, or answers 404 (recorded: "No such
 * payment_intent: 'pi_nope'" under `param: "intent"`).
 */
export function withPaymentIntent(context: RouteContext, use: (record: PaymentIntentRecord) => RouteOutcome): RouteOutcome {
  const id = context.path['intent'] ?? '';
  const record = context.state.store.paymentIntents.get(id);
  return record === undefined ? refusal(resourceMissing('payment_intent', id, 'intent', 404)) : use(record);
}

function input<T>(context: RouteContext): T {
  return context.params as unknown as T;
}

/** The PaymentIntent's latest Charge from the store, for the operations that change it (capture, cancel of a hold). */
function latestCharge(context: RouteContext, record: PaymentIntentRecord): { readonly charge: Charge | undefined } {
  const id = record.intent.latest_charge;
  return { charge: id === null ? undefined : context.state.store.charges.get(id) };
}

/** `/v1/payment_intents`: create, retrieve, update, list, cancel, confirm, capture (secret keys). */
export const PAYMENT_INTENT_ROUTES: readonly Route[] = [
  {
    method: 'POST',
    pattern: '/v1/payment_intents',
    auth: 'secret',
    renders: 'payment_intent',
    handle: (context) => answerPaymentIntentOperation(context, createPaymentIntent(input(context), context.env, context.access)),
  },
  {
    method: 'GET',
    pattern: '/v1/payment_intents',
    auth: 'secret',
    renders: 'list:payment_intent',
    handle: (context) => answerRead(context, listPaymentIntents(context.state.store.paymentIntentsNewestFirst(), input(context))),
  },
  {
    method: 'GET',
    pattern: '/v1/payment_intents/:intent',
    auth: 'secret',
    renders: 'payment_intent',
    handle: (context) => withPaymentIntent(context, (record) => answerRead(context, retrievePaymentIntent(record, input(context)))),
  },
  {
    method: 'POST',
    pattern: '/v1/payment_intents/:intent',
    auth: 'secret',
    renders: 'payment_intent',
    handle: (context) =>
      withPaymentIntent(context, (record) => answerPaymentIntentOperation(context, updatePaymentIntent(record, input(context), context.env, context.access))),
  },
  {
    method: 'POST',
    pattern: '/v1/payment_intents/:intent/cancel',
    auth: 'secret',
    renders: 'payment_intent',
    handle: (context) =>
      withPaymentIntent(context, (record) =>
        answerPaymentIntentOperation(context, cancelPaymentIntent(record, input(context), context.env, context.access, latestCharge(context, record))),
      ),
  },
  {
    method: 'POST',
    pattern: '/v1/payment_intents/:intent/confirm',
    auth: 'secret',
    renders: 'payment_intent',
    handle: (context) =>
      withPaymentIntent(context, (record) => answerPaymentIntentOperation(context, confirmPaymentIntent(record, input(context), context.env, context.access))),
  },
  {
    method: 'POST',
    pattern: '/v1/payment_intents/:intent/capture',
    auth: 'secret',
    renders: 'payment_intent',
    handle: (context) =>
      withPaymentIntent(context, (record) =>
        answerPaymentIntentOperation(context, capturePaymentIntent(record, input(context), context.env, context.access, latestCharge(context, record))),
      ),
  },
];
