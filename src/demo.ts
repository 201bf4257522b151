// `npm start`: drives a SetupIntent through a 3D Secure card setup and prints every step.
import {
  completeCustomerAction,
  confirmSetupIntent,
  createMemoryStore,
  createSetupIntent,
  type OperationResult,
} from './index.js';

function show(step: string, result: OperationResult): void {
  if (result.kind === 'refused') {
    console.log(`\n${step}: refused (${result.error.statusCode})`, result.error.error);
    return;
  }
  const intent = result.record.intent;
  console.log(`\n== ${step}: ${intent.status}${result.kind === 'failed' ? ` (HTTP ${result.error.statusCode})` : ''}`);
  console.log(JSON.stringify(intent, null, 2));
  for (const attempt of result.changes.setupAttempts) {
    console.log(`-- SetupAttempt ${attempt.id}: ${attempt.status}`);
  }
  for (const pm of result.changes.paymentMethods) {
    console.log(`-- PaymentMethod ${pm.id} (${pm.type}) customer=${String(pm.customer)}`);
  }
}

const store = createMemoryStore();
const customer = store.addCustomer({ email: 'jenny.rosen@example.com' });
console.log(`Customer ${customer.id}`);

const created = store.apply(createSetupIntent({ customer: customer.id, payment_method_types: ['card'] }, store.env));
show('create', created);
if (created.kind === 'refused') process.exit(1);

const confirmed = store.apply(
  confirmSetupIntent(
    created.record,
    { payment_method: 'pm_card_authenticationRequiredOnSetup', return_url: 'https://example.com/return' },
    store.env,
  ),
);
show('confirm with a 3D Secure card', confirmed);
if (confirmed.kind === 'refused') process.exit(1);

const completed = store.apply(completeCustomerAction(confirmed.record, 'succeeded', store.env));
show('customer completes 3D Secure', completed);
