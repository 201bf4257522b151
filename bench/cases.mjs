// What is measured: each case is one operation, checked once before it is timed. Every `run` is
// its own function (so call sites stay monomorphic) and hands its result to `keep`, so the
// optimizer cannot drop the work.
import { do_not_optimize } from 'mitata';
import { initialTransition, transition } from 'xstate';
import { confirmSetupIntent, createSetupIntent, setupIntentMachine } from '../dist/index.js';
import { CONFIRM_EVENT, CONFIRM_PARAMS, CREATE_PARAMS, prepare } from './fixtures.mjs';
import { floorReducer, initialFloorState } from './floor-reducer.mjs';

const { env, record } = prepare();
const [createdSnapshot] = initialTransition(setupIntentMachine);

const keep = (value) => {
  do_not_optimize(value);
  return value;
};

const expectStatus = (status, kind = 'applied') => (result) =>
  result.kind === kind && result.record.intent.status === status && (kind !== 'failed' || result.error.statusCode === 402);

/** Baseline keys the report divides by. */
export const FLOOR = 'floor';
export const MACHINE_LIFECYCLE = 'machine-lifecycle';

export const CASES = [
  {
    key: 'create',
    name: 'createSetupIntent (card)',
    run: () => keep(createSetupIntent(CREATE_PARAMS, env)),
    check: expectStatus('requires_payment_method'),
  },
  {
    key: 'confirm-success',
    name: 'confirmSetupIntent, pm_card_visa (succeeded)',
    run: () => keep(confirmSetupIntent(record, CONFIRM_PARAMS.success, env)),
    check: expectStatus('succeeded'),
  },
  {
    key: 'confirm-3ds',
    name: 'confirmSetupIntent, 3DS card (requires_action)',
    run: () => keep(confirmSetupIntent(record, CONFIRM_PARAMS.threeDSecure, env)),
    check: expectStatus('requires_action'),
  },
  {
    key: 'confirm-decline',
    name: 'confirmSetupIntent, declined card (402 failed)',
    run: () => keep(confirmSetupIntent(record, CONFIRM_PARAMS.decline, env)),
    check: expectStatus('requires_payment_method', 'failed'),
  },
  {
    key: 'reducer-lifecycle',
    name: 'lifecycle via reducers (create + confirm)',
    run: () => {
      const created = createSetupIntent(CREATE_PARAMS, env);
      return keep(confirmSetupIntent(created.record, CONFIRM_PARAMS.success, env));
    },
    check: expectStatus('succeeded'),
  },
  {
    key: 'machine-confirm',
    name: 'machine confirm step via transition()',
    run: () => keep(transition(setupIntentMachine, createdSnapshot, CONFIRM_EVENT)[0]),
    check: (snapshot) => snapshot.value === 'succeeded',
  },
  {
    key: MACHINE_LIFECYCLE,
    name: 'lifecycle via machine (initialTransition + transition)',
    run: () => {
      const [created] = initialTransition(setupIntentMachine);
      return keep(transition(setupIntentMachine, created, CONFIRM_EVENT)[0]);
    },
    check: (snapshot) => snapshot.value === 'succeeded' && snapshot.context.hasPaymentMethod === true,
  },
  {
    key: FLOOR,
    name: 'floor: hand-written status switch (create + confirm)',
    run: () => keep(floorReducer(initialFloorState(), CONFIRM_EVENT)),
    check: (state) => state.status === 'succeeded',
  },
];
