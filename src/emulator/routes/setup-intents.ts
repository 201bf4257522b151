import { resourceMissing } from '../../core/stripe-errors.js';
import type { SetupIntentRecord } from '../../core/setup-intent-record.js';
import { cancelSetupIntent } from '../../operations/cancel-setup-intent.js';
import { confirmSetupIntent } from '../../operations/confirm-setup-intent.js';
import { createSetupIntent } from '../../operations/create-setup-intent.js';
import { listSetupIntentsNewestFirst } from '../../operations/list-setup-intents.js';
import { retrieveSetupIntent } from '../../operations/retrieve-setup-intent.js';
import { updateSetupIntent } from '../../operations/update-setup-intent.js';
import { verifyMicrodeposits } from '../../operations/verify-microdeposits.js';
import type { Route, RouteContext, RouteOutcome } from '../router.js';
import { answerOperation, answerRead, refusal } from '../route-answers.js';

/** Runs `use` on the SetupIntent the path names, or answers 404. */
export function withIntent(context: RouteContext, use: (record: SetupIntentRecord) => RouteOutcome): RouteOutcome {
  const id = context.path['intent'] ?? '';
  const record = context.state.store.setupIntents.get(id);
  return record === undefined ? refusal(resourceMissing('setupintent', id, 'intent', 404)) : use(record);
}

/** The request parameters as an operation's input: every operation checks its parameters itself. */
function input<T>(context: RouteContext): T {
  return context.params as unknown as T;
}

/** `/v1/setup_intents`: create, retrieve, update, list, cancel, confirm, verify_microdeposits. */
export const SETUP_INTENT_ROUTES: readonly Route[] = [
  {
    method: 'POST',
    pattern: '/v1/setup_intents',
    auth: 'secret',
    renders: 'setup_intent',
    handle: (context) => answerOperation(context, createSetupIntent(input(context), context.env, context.access)),
  },
  {
    method: 'GET',
    pattern: '/v1/setup_intents',
    auth: 'secret',
    renders: 'list:setup_intent',
    handle: (context) => answerRead(context, listSetupIntentsNewestFirst(context.state.store.intentsNewestFirst(), input(context))),
  },
  {
    method: 'GET',
    pattern: '/v1/setup_intents/:intent',
    auth: 'publishable',
    renders: 'setup_intent',
    handle: (context) => withIntent(context, (record) => answerRead(context, retrieveSetupIntent(record, input(context), context.access))),
  },
  {
    method: 'POST',
    pattern: '/v1/setup_intents/:intent',
    auth: 'secret',
    renders: 'setup_intent',
    handle: (context) =>
      withIntent(context, (record) => answerOperation(context, updateSetupIntent(record, input(context), context.env, context.access))),
  },
  {
    method: 'POST',
    pattern: '/v1/setup_intents/:intent/cancel',
    auth: 'secret',
    renders: 'setup_intent',
    handle: (context) =>
      withIntent(context, (record) => answerOperation(context, cancelSetupIntent(record, input(context), context.env, context.access))),
  },
  {
    method: 'POST',
    pattern: '/v1/setup_intents/:intent/confirm',
    auth: 'publishable',
    renders: 'setup_intent',
    handle: (context) =>
      withIntent(context, (record) => answerOperation(context, confirmSetupIntent(record, input(context), context.env, context.access))),
  },
  {
    method: 'POST',
    pattern: '/v1/setup_intents/:intent/verify_microdeposits',
    auth: 'publishable',
    renders: 'setup_intent',
    handle: (context) =>
      withIntent(context, (record) => answerOperation(context, verifyMicrodeposits(record, input(context), context.env, context.access))),
  },
];
