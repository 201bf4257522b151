// Spec §3.3, the operation × status matrix, written out as literal data and checked cell by cell.
import { describe, expect, it } from 'vitest';
import {
  cancelSetupIntent,
  confirmSetupIntent,
  listSetupIntents,
  retrieveSetupIntent,
  statusesAccepting,
  updateSetupIntent,
  verifyMicrodeposits,
} from '../../src/index.js';
import type { OperationResult, SetupIntentRecord, SetupIntentStatus } from '../../src/index.js';
import {
  ONLINE_MANDATE,
  deepFreeze,
  harness,
  inCanceled,
  inProcessing,
  inRequiresActionMicrodeposits,
  inRequiresActionThreeDS,
  inRequiresConfirmation,
  inRequiresPaymentMethod,
  inSucceeded,
} from './helpers.js';
import type { Harness } from './helpers.js';

type Row =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action (3DS)'
  | 'requires_action (microdeposits)'
  | 'processing'
  | 'succeeded'
  | 'canceled';
type Operation = 'retrieve' | 'list' | 'update (non-PM)' | 'update (PM)' | 'confirm (with PM)' | 'confirm (without PM)' | 'cancel' | 'verify_microdeposits';
type Cell = { readonly to: SetupIntentStatus } | { readonly code: string; readonly message: string };

const MISSING_PM = {
  code: 'setup_intent_unexpected_state',
  message:
    "You cannot confirm this SetupIntent because it's missing a payment method. You can either update the SetupIntent " +
    'with a payment method and then confirm it again, or confirm it again directly with a payment method or ConfirmationToken.',
};
const UPDATE_SUCCEEDED = { code: 'setup_intent_unexpected_state', message: 'You cannot update this SetupIntent because it has already succeeded.' };
const UPDATE_CANCELED = { code: 'setup_intent_unexpected_state', message: 'You cannot update this SetupIntent because it has been canceled.' };
const UPDATE_PM_PROCESSING = { code: 'setup_intent_unexpected_state', message: "You cannot update this SetupIntent's payment method because it has a status of processing." };
const CONFIRM_SUCCEEDED = { code: 'setup_intent_unexpected_state', message: 'You cannot confirm this SetupIntent because it has already succeeded.' };
const CONFIRM_CANCELED = { code: 'setup_intent_unexpected_state', message: 'You cannot confirm this SetupIntent because it has been canceled.' };
const CONFIRM_PROCESSING = {
  code: 'setup_intent_unexpected_state',
  message:
    'You cannot confirm this SetupIntent because it has a status of processing. Only a SetupIntent with one of the ' +
    'following statuses may be confirmed: requires_payment_method, requires_confirmation, requires_action.',
};
const CANCEL_CANCELED = { code: 'setup_intent_unexpected_state', message: 'You cannot cancel this SetupIntent because it is already canceled.' };
const cancelStatus = (status: string) => ({
  code: 'setup_intent_unexpected_state',
  message:
    `You cannot cancel this SetupIntent because it has a status of ${status}. Only a SetupIntent with one of the following ` +
    'statuses may be canceled: `requires_payment_method`, `requires_confirmation`, or `requires_action`.',
});
const invalidState = (status: string) => ({
  code: 'intent_invalid_state',
  message:
    `This SetupIntent cannot be actioned on because it has a status of ${status}. ` +
    'Only a SetupIntent with one of the following statuses may be actioned on: ["requires_action"].',
});

const TABLE: Readonly<Record<Row, Readonly<Record<Operation, Cell>>>> = {
  requires_payment_method: {
    retrieve: { to: 'requires_payment_method' },
    list: { to: 'requires_payment_method' },
    'update (non-PM)': { to: 'requires_payment_method' },
    'update (PM)': { to: 'requires_confirmation' },
    'confirm (with PM)': { to: 'succeeded' },
    'confirm (without PM)': MISSING_PM,
    cancel: { to: 'canceled' },
    verify_microdeposits: invalidState('requires_payment_method'),
  },
  requires_confirmation: {
    retrieve: { to: 'requires_confirmation' },
    list: { to: 'requires_confirmation' },
    'update (non-PM)': { to: 'requires_confirmation' },
    'update (PM)': { to: 'requires_confirmation' },
    'confirm (with PM)': { to: 'succeeded' },
    'confirm (without PM)': { to: 'succeeded' },
    cancel: { to: 'canceled' },
    verify_microdeposits: invalidState('requires_confirmation'),
  },
  'requires_action (3DS)': {
    retrieve: { to: 'requires_action' },
    list: { to: 'requires_action' },
    'update (non-PM)': { to: 'requires_action' },
    'update (PM)': { to: 'requires_confirmation' },
    'confirm (with PM)': { to: 'succeeded' },
    'confirm (without PM)': { to: 'requires_action' },
    cancel: { to: 'canceled' },
    verify_microdeposits: invalidState('requires_action'),
  },
  'requires_action (microdeposits)': {
    retrieve: { to: 'requires_action' },
    list: { to: 'requires_action' },
    'update (non-PM)': { to: 'requires_action' },
    'update (PM)': { to: 'requires_confirmation' },
    'confirm (with PM)': { to: 'succeeded' },
    'confirm (without PM)': { to: 'requires_action' },
    cancel: { to: 'canceled' },
    verify_microdeposits: { to: 'succeeded' },
  },
  processing: {
    retrieve: { to: 'processing' },
    list: { to: 'processing' },
    'update (non-PM)': { to: 'processing' },
    'update (PM)': UPDATE_PM_PROCESSING,
    'confirm (with PM)': CONFIRM_PROCESSING,
    'confirm (without PM)': CONFIRM_PROCESSING,
    cancel: cancelStatus('processing'),
    verify_microdeposits: invalidState('processing'),
  },
  // A succeeded SetupIntent takes metadata updates (recorded live at 2026-08-26.dahlia, spec §11 "Settled by recordings").
  succeeded: {
    retrieve: { to: 'succeeded' },
    list: { to: 'succeeded' },
    'update (non-PM)': { to: 'succeeded' },
    'update (PM)': UPDATE_SUCCEEDED,
    'confirm (with PM)': CONFIRM_SUCCEEDED,
    'confirm (without PM)': CONFIRM_SUCCEEDED,
    cancel: cancelStatus('succeeded'),
    verify_microdeposits: invalidState('succeeded'),
  },
  // Canceled from requires_payment_method, so it has no payment method: the missing-payment-method
  // refusal wins over the status refusal.
  canceled: {
    retrieve: { to: 'canceled' },
    list: { to: 'canceled' },
    'update (non-PM)': UPDATE_CANCELED,
    'update (PM)': UPDATE_CANCELED,
    'confirm (with PM)': CONFIRM_CANCELED,
    'confirm (without PM)': MISSING_PM,
    cancel: CANCEL_CANCELED,
    verify_microdeposits: invalidState('canceled'),
  },
};

const BUILD: Readonly<Record<Row, (h: Harness) => SetupIntentRecord>> = {
  requires_payment_method: inRequiresPaymentMethod,
  requires_confirmation: inRequiresConfirmation,
  'requires_action (3DS)': inRequiresActionThreeDS,
  'requires_action (microdeposits)': inRequiresActionMicrodeposits,
  processing: inProcessing,
  succeeded: inSucceeded,
  canceled: inCanceled,
};

type Outcome = { readonly kind: 'ok'; readonly status: SetupIntentStatus } | { readonly kind: 'refused'; readonly statusCode: number; readonly code: string | undefined; readonly message: string | undefined; readonly status: string | undefined };

function fromResult(result: OperationResult): Outcome {
  if (result.kind === 'applied') return { kind: 'ok', status: result.record.intent.status };
  if (result.kind === 'failed') throw new Error(`unexpected failure: ${result.error.error.message ?? ''}`);
  const { statusCode, error } = result.error;
  return { kind: 'refused', statusCode, code: error.code, message: error.message, status: error.setup_intent?.status };
}

function run(h: Harness, record: SetupIntentRecord, operation: Operation): Outcome {
  switch (operation) {
    case 'retrieve': {
      const found = retrieveSetupIntent(record);
      if (found.kind !== 'found') throw new Error('retrieve refused');
      return { kind: 'ok', status: found.value.status };
    }
    case 'list': {
      const page = listSetupIntents([record.intent]);
      if (page.kind !== 'found' || page.value.data[0] === undefined) throw new Error('list refused');
      return { kind: 'ok', status: page.value.data[0].status };
    }
    case 'update (non-PM)':
      return fromResult(updateSetupIntent(record, { metadata: { reviewed: 'yes' } }, h.env));
    case 'update (PM)':
      return fromResult(updateSetupIntent(record, { payment_method: 'pm_card_mastercard' }, h.env));
    case 'confirm (with PM)':
      return fromResult(confirmSetupIntent(record, { payment_method: 'pm_card_visa' }, h.env));
    case 'confirm (without PM)':
      return fromResult(confirmSetupIntent(record, { mandate_data: ONLINE_MANDATE }, h.env));
    case 'cancel':
      return fromResult(cancelSetupIntent(record, {}, h.env));
    case 'verify_microdeposits':
      return fromResult(verifyMicrodeposits(record, { amounts: [32, 45] }, h.env));
  }
}

describe('spec §3.3: operation × status', () => {
  for (const [row, cells] of Object.entries(TABLE) as [Row, Readonly<Record<Operation, Cell>>][]) {
    describe(row, () => {
      for (const [operation, cell] of Object.entries(cells) as [Operation, Cell][]) {
        const label = 'to' in cell ? `is allowed and ends ${cell.to}` : `is refused with ${cell.code}`;
        it(`${operation} ${label}`, () => {
          const h = harness();
          const record = deepFreeze(BUILD[row](h));
          const before = structuredClone(record);
          const outcome = run(h, record, operation);
          if ('to' in cell) {
            expect(outcome).toEqual({ kind: 'ok', status: cell.to });
          } else {
            expect(outcome).toEqual({ kind: 'refused', statusCode: 400, code: cell.code, message: cell.message, status: record.intent.status });
          }
          // Inputs are never mutated, whatever the outcome.
          expect(record).toEqual(before);
        });
      }
    });
  }

  it('the builders produce the statuses their rows name', () => {
    for (const [row, build] of Object.entries(BUILD) as [Row, (h: Harness) => SetupIntentRecord][]) {
      const record = build(harness());
      expect(`${record.intent.status}${row.startsWith('requires_action') ? row.slice('requires_action'.length) : ''}`).toBe(row);
      const kind = record.pending?.kind;
      expect(kind).toBe(row === 'requires_action (3DS)' ? 'customer_action' : row === 'requires_action (microdeposits)' ? 'microdeposits' : row === 'processing' ? 'processing' : undefined);
    }
  });

  it('the statechart accepts each API call in exactly the statuses the table allows', () => {
    expect(statusesAccepting('api.cancel')).toEqual(['requires_payment_method', 'requires_confirmation', 'requires_action']);
    expect(statusesAccepting('api.confirm')).toEqual(['requires_payment_method', 'requires_confirmation', 'requires_action']);
    expect(statusesAccepting('api.update')).toEqual(['requires_payment_method', 'requires_confirmation', 'requires_action', 'processing']);
    expect(statusesAccepting('api.verify_microdeposits')).toEqual(['requires_action']);
  });
});
