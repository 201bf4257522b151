// One process of the fresh-vs-mixed lifecycle benchmark: optionally warms up on varied flows (3D
// Secure, declines, updates, cancels, microdeposits), then times the same create + confirm
// lifecycle as the throughput table, and prints { nsPerOp } as JSON. Run by bench/mixed-lifecycle.mjs.
import {
  cancelSetupIntent,
  completeCustomerAction,
  confirmSetupIntent,
  createSetupIntent,
  updateSetupIntent,
  verifyMicrodeposits,
} from '../dist/index.js';
import { CONFIRM_PARAMS, CREATE_PARAMS, prepare } from './fixtures.mjs';

const { env } = prepare();
const mixed = process.argv[2] === 'mixed';

/** Varied flows through every reducer, so their call sites see every shape of record and result. */
function warmUp(rounds) {
  for (let i = 0; i < rounds; i++) {
    const created = createSetupIntent(i % 2 === 0 ? CREATE_PARAMS : { payment_method_types: ['card', 'us_bank_account'], metadata: { round: String(i) } }, env);
    const record = created.record;
    switch (i % 6) {
      case 0: {
        const waiting = confirmSetupIntent(record, CONFIRM_PARAMS.threeDSecure, env);
        completeCustomerAction(waiting.record, i % 12 === 0 ? 'failed' : 'succeeded', env);
        break;
      }
      case 1: {
        const declined = confirmSetupIntent(record, CONFIRM_PARAMS.decline, env);
        confirmSetupIntent(declined.record, CONFIRM_PARAMS.success, env);
        break;
      }
      case 2: {
        const updated = updateSetupIntent(record, { payment_method: 'pm_card_mastercard', description: 'warm-up' }, env);
        confirmSetupIntent(updated.record, {}, env);
        break;
      }
      case 3:
        cancelSetupIntent(record, { cancellation_reason: 'abandoned' }, env);
        break;
      case 4: {
        if (record.intent.payment_method_types.includes('us_bank_account')) {
          const waiting = confirmSetupIntent(record, { payment_method: 'pm_usBankAccount', mandate_data: { customer_acceptance: { type: 'offline' } } }, env);
          if (waiting.kind !== 'refused') verifyMicrodeposits(waiting.record, { amounts: [32, 45] }, env);
        }
        break;
      }
      default:
        updateSetupIntent(record, { metadata: { order: String(i) } }, env);
    }
  }
}

function lifecycle() {
  const created = createSetupIntent(CREATE_PARAMS, env);
  return confirmSetupIntent(created.record, CONFIRM_PARAMS.success, env);
}

if (mixed) warmUp(60_000);
// The same number of lifecycles warms the JIT in both processes before timing.
for (let i = 0; i < 20_000; i++) lifecycle();
const samples = [];
let sink = 0;
for (let round = 0; round < 15; round++) {
  const started = process.hrtime.bigint();
  for (let i = 0; i < 5_000; i++) sink += lifecycle().kind === 'applied' ? 1 : 0;
  samples.push(Number(process.hrtime.bigint() - started) / 5_000);
}
samples.sort((a, b) => a - b);
if (sink !== 15 * 5_000) throw new Error('the lifecycle did not succeed every time');
console.log(JSON.stringify({ nsPerOp: samples[Math.floor(samples.length / 2)], bestNsPerOp: samples[0] }));
