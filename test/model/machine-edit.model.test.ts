// The statechart is the one source of truth: a copy of src/ with one transition edited in
// src/machine (a declined confirm from requires_confirmation now ends `canceled`) changes what the
// reducers do, what the validator accepts, and what the generated diagram and tables say, with no
// other edit. The original src/ is the control.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as original from '../../src/index.js';
import { REPO_ROOT } from '../support/consumer-project.js';

type Library = typeof original;

// Inside the repository, so the copy resolves xstate from the repository's node_modules.
const copy = join(REPO_ROOT, '.tmp', `machine-edit-${process.pid}-${Date.now()}`);
let edited: Library;

/** The machine source with requires_confirmation's confirmFails leading to canceled. */
function editedMachine(source: string): string {
  const state = source.indexOf('    requires_confirmation: {');
  const decline = source.indexOf("{ guard: 'confirmFails', target: 'requires_payment_method'", state);
  const next = source.indexOf('    requires_action: {', state);
  if (state < 0 || decline < 0 || decline > next) throw new Error('the confirmFails transition of requires_confirmation was not found');
  return `${source.slice(0, decline)}{ guard: 'confirmFails', target: 'canceled'${source.slice(decline + "{ guard: 'confirmFails', target: 'requires_payment_method'".length)}`;
}

beforeAll(async () => {
  mkdirSync(copy, { recursive: true });
  cpSync(join(REPO_ROOT, 'src'), join(copy, 'src'), { recursive: true });
  const machine = join(copy, 'src', 'machine', 'setup-intent-machine.ts');
  writeFileSync(machine, editedMachine(readFileSync(machine, 'utf8')));
  edited = (await import(join(copy, 'src', 'index.ts'))) as Library;
}, 60_000);

afterAll(() => rmSync(copy, { recursive: true, force: true }));

/** A SetupIntent in requires_confirmation confirmed with a declining card, in one library. */
function declineFromRequiresConfirmation(lib: Library) {
  const store = lib.createMemoryStore();
  const created = store.apply(lib.createSetupIntent({ payment_method_types: ['card'], payment_method: 'pm_card_visa' }, store.env));
  if (created.kind === 'refused') throw new Error(created.error.error.message);
  expect(created.record.intent.status).toBe('requires_confirmation');
  const declined = store.apply(lib.confirmSetupIntent(created.record, { payment_method: 'pm_card_visa_chargeDeclined' }, store.env));
  return { declined, events: store.events };
}

describe('one transition edited in src/machine', () => {
  it('makes the reducers end a declined confirm from requires_confirmation canceled (the original: requires_payment_method)', () => {
    const control = declineFromRequiresConfirmation(original).declined;
    const changed = declineFromRequiresConfirmation(edited).declined;
    expect(control.kind === 'failed' && control.record.intent.status).toBe('requires_payment_method');
    expect(changed.kind).toBe('failed');
    if (changed.kind !== 'failed') return;
    expect(changed.record.intent.status).toBe('canceled');
    expect(changed.record.intent.cancellation_reason).toBe('abandoned');
    expect(changed.error.statusCode).toBe(402);
    expect(changed.events.map((event) => event.type)).toEqual(['setup_intent.setup_failed']);
    expect(changed.machineEvents).toEqual([{ type: 'api.confirm', hasPaymentMethod: true, outcome: 'failed' }]);
  });

  it('makes the validator accept that history, which the original refuses', () => {
    const { events } = declineFromRequiresConfirmation(edited);
    expect(edited.validateEventSequence(events).valid).toBe(true);
    const judgedByOriginal = original.validateEventSequence(events);
    expect(judgedByOriginal.valid).toBe(false);
    expect(judgedByOriginal.issues.map((issue) => issue.code)).toContain('type_status_mismatch');
  });

  it('redraws the diagram and the generated tables', () => {
    const line = '  requires_confirmation --> canceled : api.confirm [confirmFails]';
    expect(edited.toMermaid(edited.describeMachine())).toContain(line);
    expect(original.toMermaid(original.describeMachine())).not.toContain(line);
    expect(edited.statusEventTable(edited.describeMachine())).toContain('→ `canceled` [confirmFails]');
    expect(edited.transitionTables(edited.describeMachine())).toContain('| `api.confirm` | `confirmFails` | `canceled` |');
  });
});
