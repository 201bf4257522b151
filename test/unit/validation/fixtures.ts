// Small logs of real events: each flow runs the operations on a memory store with a clock the
// flow moves, and hands back a mutable copy of the emitted events for a test to edit.
import {
  cancelSetupIntent,
  completeCustomerAction,
  confirmSetupIntent,
  createMemoryStore,
  createSetupIntent,
  DEFAULT_EPOCH,
  settleProcessing,
} from '../../../src/index.js';
import type { MandateDataParam, MemoryStore, OperationResult, SetupIntentRecord } from '../../../src/index.js';
import type { LogEvent } from '../../support/event-log.js';
import { copyEvents } from '../../support/event-log.js';

export type { LogEvent } from '../../support/event-log.js';
export { streamOf } from '../../support/event-log.js';


/** The events of one flow and the SetupIntent they are about. */
export interface Flow {
  readonly events: LogEvent[];
  readonly intent: string;
}

export const T0 = DEFAULT_EPOCH;
const RETURN_URL = 'https://shop.example/setup/return';
const MANDATE: MandateDataParam = {
  customer_acceptance: { type: 'online', online: { ip_address: '203.0.113.7', user_agent: 'Mozilla/5.0 (test)' } },
};

interface FlowContext {
  readonly store: MemoryStore;
  readonly customer: string;
  readonly advance: (seconds: number) => void;
  readonly run: (result: OperationResult) => SetupIntentRecord;
}

function flow(seed: number, build: (context: FlowContext) => void): Flow {
  let now = T0;
  const store = createMemoryStore({ seed, now: () => now });
  const customer = store.addCustomer({ email: 'jenny.rosen@example.com' }).id;
  build({
    store,
    customer,
    advance: (seconds) => {
      now += seconds;
    },
    run: (result) => {
      store.apply(result);
      if (result.kind === 'refused') {
        throw new Error(`refused: ${result.error.error.message ?? ''}`);
      }
      return result.record;
    },
  });
  const events = copyEvents(store.events);
  const first = events[0];
  if (first === undefined) {
    throw new Error('the flow emitted no event');
  }
  return { events, intent: String(first.data.object['id']) };
}

/**
 * A card that sets up at once, for a Customer: `created`, `payment_method.attached`,
 * `succeeded`, all in the first second.
 */
export function cardSetup(seed = 1): Flow {
  return flow(seed, ({ store, customer, run }) => {
    run(createSetupIntent({ customer, payment_method: 'pm_card_visa', confirm: true, payment_method_types: ['card'] }, store.env));
  });
}

/**
 * A 3D Secure card: `created` and `requires_action` at T0, then `seconds` later (ten by default)
 * the customer authenticates (`payment_method.attached`, `succeeded`) or fails (`setup_failed`).
 */
export function threeDSecureSetup(outcome: 'succeeded' | 'failed', seed = 2, seconds = 10): Flow {
  return flow(seed, ({ store, customer, advance, run }) => {
    const record = run(
      createSetupIntent(
        { customer, payment_method: 'pm_card_threeDSecure2Required', confirm: true, return_url: RETURN_URL, payment_method_types: ['card'] },
        store.env,
      ),
    );
    advance(seconds);
    run(completeCustomerAction(record, outcome, store.env));
  });
}

/** A declined card at T0+3, then the SetupIntent is canceled (`abandoned`) at T0+6. */
export function declineThenCancel(seed = 3): Flow {
  return flow(seed, ({ store, advance, run }) => {
    const created = run(createSetupIntent({ payment_method_types: ['card'] }, store.env));
    advance(3);
    const declined = run(confirmSetupIntent(created, { payment_method: 'pm_card_visa_chargeDeclined' }, store.env));
    advance(3);
    run(cancelSetupIntent(declined, { cancellation_reason: 'abandoned' }, store.env));
  });
}

/** A SetupIntent created without a payment method and canceled five seconds later. */
export function createThenCancel(seed = 4): Flow {
  return flow(seed, ({ store, advance, run }) => {
    const created = run(createSetupIntent({ payment_method_types: ['card'] }, store.env));
    advance(5);
    run(cancelSetupIntent(created, {}, store.env));
  });
}

/**
 * A linked US bank account whose setup processes (no event) after a create with confirm=true,
 * and fails at T0+100 (`setup_failed`, by Stripe: no request).
 */
export function achProcessingFails(seed = 5): Flow {
  return flow(seed, ({ store, customer, advance, run }) => {
    const record = run(
      createSetupIntent(
        { customer, payment_method: 'pm_usBankAccount_processingFails', confirm: true, mandate_data: MANDATE, payment_method_types: ['us_bank_account'] },
        store.env,
      ),
    );
    if (record.intent.status !== 'processing') {
      throw new Error(`expected a processing SetupIntent, got ${record.intent.status}`);
    }
    advance(100);
    run(settleProcessing(record, store.env));
  });
}

/** The event at `index`, which must exist. */
export function at(events: readonly LogEvent[], index: number): LogEvent {
  const event = events[index];
  if (event === undefined) {
    throw new Error(`no event at ${index}`);
  }
  return event;
}

/** The only event of a type, which must exist. */
export function ofType(events: readonly LogEvent[], type: string): LogEvent {
  const found = events.filter((event) => event.type === type);
  if (found.length !== 1 || found[0] === undefined) {
    throw new Error(`expected one ${type}, found ${found.length}`);
  }
  return found[0];
}

/** The types of a flow's events, in order, to pin what a fixture emits. */
export function typesOf(events: readonly LogEvent[]): string[] {
  return events.map((event) => event.type);
}

/** The events moved `seconds` later: envelopes and snapshots alike, so nothing immutable changes. */
export function shifted(events: readonly LogEvent[], seconds: number): LogEvent[] {
  return copyEvents(events).map((event) => {
    event.created += seconds;
    const created = event.data.object['created'];
    if (typeof created === 'number') {
      event.data.object['created'] = created + seconds;
    }
    return event;
  });
}

/** Every order of a few items. */
export function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) {
    return [[...items]];
  }
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}
