// A realistic log of Stripe events for the validation benchmark, written as JSON Lines.
//
// Every event comes from the real operations, applied to a memory store whose clock the generator
// moves: about 64 SetupIntents are in flight at any time, each step advances one of them (picked
// at random) and then moves the clock 0-3 seconds. The flows mix card successes for a Customer,
// 3D Secure, declines and retries, cancellations, SEPA, ACH microdeposits (verified, failed when
// they cannot be sent, exceeded, timed out through `advanceTime`) and `processing` settled later.
// Deliveries are then disturbed the way webhooks are: neighbours swap places now and then (their
// `created` is kept), and about 5% of the events are delivered a second time a little later.
//
// The log is streamed to the file as it is made; finished SetupIntents are dropped from the store,
// so a log of a million events needs no more memory than one of a thousand.
import { closeSync, openSync, writeSync } from 'node:fs';
import {
  DEFAULT_EPOCH,
  advanceTime,
  cancelSetupIntent,
  completeCustomerAction,
  confirmSetupIntent,
  createMemoryStore,
  createSetupIntent,
  nextDueAt,
  settleProcessing,
  verifyMicrodeposits,
} from '../dist/index.js';

/** Microdeposits arrive after 10 minutes and time out after 2 hours (Stripe: 2 days and 10 days), so those paths occur within the log. */
export const FIXTURE_BEHAVIOR = Object.freeze({ microdepositArrivalSeconds: 600, microdepositTimeoutSeconds: 2 * 3600 });

const IN_FLIGHT = 64;
const SWAP_PROBABILITY = 0.03;
const DUPLICATE_PROBABILITY = 0.05;
const DUPLICATE_MAX_DELAY = 40;
const CUSTOMERS = 2000;
const FLUSH_BYTES = 1 << 22;

const MANDATE = Object.freeze({
  customer_acceptance: { type: 'online', online: { ip_address: '203.0.113.7', user_agent: 'Mozilla/5.0 (bench)' } },
});
const manualAch = (accountNumber) => ({
  type: 'us_bank_account',
  us_bank_account: { account_number: accountNumber, routing_number: '110000000', account_holder_type: 'individual' },
});
const GOOD_CARDS = ['pm_card_visa', 'pm_card_mastercard', 'pm_card_amex', 'pm_card_visa_debit', 'pm_card_discover'];
const DECLINED_CARDS = ['pm_card_visa_chargeDeclined', 'pm_card_chargeDeclinedInsufficientFunds', 'pm_card_chargeDeclinedExpiredCard', 'pm_card_chargeDeclinedIncorrectCvc'];
const THREE_DS_CARDS = ['pm_card_authenticationRequired', 'pm_card_authenticationRequiredOnSetup', 'pm_card_threeDSecure2Required'];
const SEPA = ['pm_success_de', 'pm_success_fr', 'pm_success_at', 'pm_success_be'];

/** A small seeded generator (mulberry32), so the same seed gives the same log. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Each flow is a generator: `yield` gives way to the other SetupIntents in flight (the clock moves
// on), `yield w.until(t)` waits until the clock reaches t.
const FLOWS = [
  [30, function* cardForCustomer(w) {
    const created = w.run(createSetupIntent({ payment_method_types: ['card'], customer: w.customer(), usage: 'off_session' }, w.env));
    yield;
    w.run(confirmSetupIntent(created.record, { payment_method: w.pick(GOOD_CARDS) }, w.env));
  }],
  [5, function* cardConfirmedAtCreation(w) {
    w.run(createSetupIntent({ payment_method_types: ['card'], customer: w.customer(), payment_method: w.pick(GOOD_CARDS), confirm: true }, w.env));
  }],
  [4, function* cardWithoutCustomer(w) {
    const created = w.run(createSetupIntent({ payment_method_types: ['card'] }, w.env));
    yield;
    w.run(confirmSetupIntent(created.record, { payment_method: w.pick(GOOD_CARDS) }, w.env));
  }],
  [10, function* threeDSecure(w) {
    const created = w.run(createSetupIntent({ payment_method_types: ['card'], customer: w.customer() }, w.env));
    yield;
    const waiting = w.run(confirmSetupIntent(created.record, { payment_method: w.pick(THREE_DS_CARDS) }, w.env));
    yield;
    yield;
    const outcome = w.chance(0.85) ? 'succeeded' : 'failed';
    const done = w.run(completeCustomerAction(waiting.record, outcome, w.env));
    if (outcome === 'failed') {
      yield;
      if (w.chance(0.5)) w.run(confirmSetupIntent(done.record, { payment_method: w.pick(GOOD_CARDS) }, w.env));
      else w.run(cancelSetupIntent(done.record, { cancellation_reason: 'abandoned' }, w.env));
    }
  }],
  [10, function* declineThenRetry(w) {
    const created = w.run(createSetupIntent({ payment_method_types: ['card'], customer: w.customer() }, w.env));
    yield;
    let record = w.run(confirmSetupIntent(created.record, { payment_method: w.pick(DECLINED_CARDS) }, w.env)).record;
    if (w.chance(0.3)) {
      yield;
      record = w.run(confirmSetupIntent(record, { payment_method: w.pick(DECLINED_CARDS) }, w.env)).record;
    }
    yield;
    w.run(confirmSetupIntent(record, { payment_method: w.pick(GOOD_CARDS) }, w.env));
  }],
  [7, function* canceled(w) {
    let record = w.run(createSetupIntent({ payment_method_types: ['card'], customer: w.customer() }, w.env)).record;
    yield;
    if (w.chance(0.4)) {
      record = w.run(confirmSetupIntent(record, { payment_method: w.pick(DECLINED_CARDS) }, w.env)).record;
      yield;
    }
    w.run(cancelSetupIntent(record, { cancellation_reason: w.pick(['requested_by_customer', 'abandoned', 'duplicate']) }, w.env));
  }],
  [10, function* sepa(w) {
    const created = w.run(createSetupIntent({ payment_method_types: ['sepa_debit'], customer: w.customer() }, w.env));
    yield;
    w.run(confirmSetupIntent(created.record, { payment_method: w.pick(SEPA), mandate_data: MANDATE }, w.env));
  }],
  [6, function* achMicrodeposits(w) {
    const created = w.run(createSetupIntent({ payment_method_types: ['us_bank_account'], customer: w.customer() }, w.env));
    yield;
    const waiting = w.run(confirmSetupIntent(created.record, { payment_method_data: manualAch('000123456789'), mandate_data: MANDATE }, w.env));
    yield w.until(w.now() + FIXTURE_BEHAVIOR.microdepositArrivalSeconds + w.int(1800));
    const roll = w.rng();
    if (roll < 0.75) {
      w.run(verifyMicrodeposits(waiting.record, { amounts: [32, 45] }, w.env));
    } else if (roll < 0.9) {
      // Attempts exceeded: a 400 that fails the setup; the customer gives up.
      const failed = w.run(verifyMicrodeposits(waiting.record, { amounts: [10, 11] }, w.env));
      yield;
      w.run(cancelSetupIntent(failed.record, { cancellation_reason: 'abandoned' }, w.env));
    } else {
      // Never verified: the microdeposits time out, then a bank account that needs none.
      yield w.until(nextDueAt(waiting.record));
      const timedOut = w.run(advanceTime(waiting.record, w.env));
      yield;
      w.run(confirmSetupIntent(timedOut.record, { payment_method: 'pm_usBankAccount_success', mandate_data: MANDATE }, w.env));
    }
  }],
  [2, function* achDepositsFail(w) {
    const created = w.run(createSetupIntent({ payment_method_types: ['us_bank_account'], customer: w.customer() }, w.env));
    yield;
    const waiting = w.run(confirmSetupIntent(created.record, { payment_method_data: manualAch('000666666661'), mandate_data: MANDATE }, w.env));
    yield w.until(nextDueAt(waiting.record));
    const failed = w.run(advanceTime(waiting.record, w.env));
    yield;
    w.run(cancelSetupIntent(failed.record, { cancellation_reason: 'abandoned' }, w.env));
  }],
  [5, function* processingThenSettled(w) {
    const created = w.run(createSetupIntent({ payment_method_types: ['us_bank_account'], customer: w.customer() }, w.env));
    yield;
    const processing = w.run(confirmSetupIntent(created.record, { payment_method: 'pm_usBankAccount_processing', mandate_data: MANDATE }, w.env));
    yield w.until(w.now() + 60 + w.int(600));
    w.run(settleProcessing(processing.record, w.env));
  }],
  [2, function* processingFails(w) {
    const created = w.run(createSetupIntent({ payment_method_types: ['us_bank_account'], customer: w.customer() }, w.env));
    yield;
    const processing = w.run(confirmSetupIntent(created.record, { payment_method: 'pm_usBankAccount_processingFails', mandate_data: MANDATE }, w.env));
    yield w.until(nextDueAt(processing.record));
    const failed = w.run(advanceTime(processing.record, w.env));
    yield;
    w.run(confirmSetupIntent(failed.record, { payment_method: 'pm_usBankAccount_success', mandate_data: MANDATE }, w.env));
  }],
  [3, function* abandonedBeforeConfirming(w) {
    // Never confirmed nor canceled: stays open to the end of the log.
    w.run(createSetupIntent({ payment_method_types: ['card', 'sepa_debit'], customer: w.customer() }, w.env));
  }],
];
const FLOW_WEIGHT = FLOWS.reduce((sum, [weight]) => sum + weight, 0);

/**
 * Writes a log of at least `events` events (it stops at the first step that reaches the count, so
 * a few more) to `file` as JSON Lines. Returns what was written.
 */
export function writeEventLog(file, { events: target, seed = 7 } = {}) {
  const rng = random(seed);
  let now = DEFAULT_EPOCH;
  const store = createMemoryStore({ now: () => now, seed, behavior: FIXTURE_BEHAVIOR });
  const customers = Array.from({ length: CUSTOMERS }, (_, i) => store.addCustomer({ email: `customer${i}@example.com` }).id);

  const fd = openSync(file, 'w');
  let chunk = [];
  let chunkBytes = 0;
  let bytes = 0;
  let lines = 0;
  let duplicates = 0;
  let swaps = 0;
  let produced = 0;
  const redeliveries = []; // { at: production count, line }, in order of `at`
  const window = []; // the last lines, not yet written, so a neighbour swap can reach them

  const flush = (keep) => {
    while (window.length > keep) {
      const line = window.shift();
      chunk.push(line);
      chunkBytes += line.length + 1;
      lines++;
    }
    if (chunkBytes >= FLUSH_BYTES || keep === 0) {
      const text = chunk.length === 0 ? '' : `${chunk.join('\n')}\n`;
      if (text !== '') bytes += writeSync(fd, text);
      chunk = [];
      chunkBytes = 0;
    }
  };
  const deliver = (line) => {
    window.push(line);
    if (window.length >= 2 && rng() < SWAP_PROBABILITY) {
      const last = window.length - 1;
      [window[last - 1], window[last]] = [window[last], window[last - 1]];
      swaps++;
    }
    if (window.length > 16) flush(8);
  };
  const emit = (event) => {
    const line = JSON.stringify(event);
    produced++;
    deliver(line);
    if (rng() < DUPLICATE_PROBABILITY) {
      const at = produced + 1 + Math.floor(rng() * DUPLICATE_MAX_DELAY);
      let i = redeliveries.length;
      while (i > 0 && redeliveries[i - 1].at > at) i--;
      redeliveries.splice(i, 0, { at, line });
    }
    while (redeliveries.length > 0 && redeliveries[0].at <= produced) {
      deliver(redeliveries.shift().line);
      duplicates++;
    }
  };

  let current = null; // the flow being stepped, to remember what it leaves in the store
  const w = {
    env: store.env,
    rng,
    now: () => now,
    int: (n) => Math.floor(rng() * n),
    chance: (p) => rng() < p,
    pick: (items) => items[Math.floor(rng() * items.length)],
    customer: () => customers[Math.floor(rng() * customers.length)],
    until: (t) => t,
    run(result) {
      if (result.kind === 'refused') {
        throw new Error(`the fixture made a refused call: ${result.error.error.message}`);
      }
      store.apply(result);
      current.intent = result.record.intent.id;
      for (const pm of result.changes.paymentMethods) current.paymentMethods.push(pm.id);
      for (const event of store.events) emit(event);
      store.events.length = 0;
      return result;
    },
  };
  const startFlow = () => {
    let roll = rng() * FLOW_WEIGHT;
    let index = 0;
    while (roll >= FLOWS[index][0]) roll -= FLOWS[index++][0];
    return { steps: FLOWS[index][1](w), intent: null, paymentMethods: [], wakeAt: 0 };
  };
  const forget = (flow) => {
    store.setupIntents.delete(flow.intent);
    for (const id of flow.paymentMethods) store.paymentMethods.delete(id);
  };

  const started = performance.now();
  const active = [];
  const waiting = [];
  let intents = 0;
  try {
    while (produced < target) {
      while (active.length + waiting.length < IN_FLIGHT) {
        active.push(startFlow());
        intents++;
      }
      for (let i = waiting.length - 1; i >= 0; i--) {
        if (waiting[i].wakeAt <= now) active.push(waiting.splice(i, 1)[0]);
      }
      if (active.length > 0) {
        const index = Math.floor(rng() * active.length);
        const flow = active[index];
        current = flow;
        const next = flow.steps.next();
        if (next.done || typeof next.value === 'number') {
          active[index] = active[active.length - 1];
          active.pop();
          if (next.done) forget(flow);
          else waiting.push(Object.assign(flow, { wakeAt: next.value }));
        }
      }
      now += Math.floor(rng() * 4);
      // Attempts and mandates are never looked up again: keep the store small.
      if (store.setupAttempts.size > 10_000) store.setupAttempts.clear();
      if (store.mandates.size > 10_000) store.mandates.clear();
    }
    for (const { line } of redeliveries) {
      deliver(line);
      duplicates++;
    }
    flush(0);
  } finally {
    closeSync(fd);
  }
  return {
    file,
    bytes,
    events: lines,
    unique: lines - duplicates,
    duplicates,
    swaps,
    intents,
    spanSeconds: now - DEFAULT_EPOCH,
    seconds: (performance.now() - started) / 1000,
  };
}
