// The machine definition and the diagrams drawn from it: every state and every transition of the
// statechart, nothing more, and nothing merged.
import { assign, createMachine, setup, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { SETUP_INTENT_STATUSES, describeMachine, setupIntentMachine, statusAccepts } from '../../src/index.js';
import type {
  MachineDefinition,
  MachineTransitionDefinition,
  SetupIntentMachineEventType,
  SetupIntentStatus,
} from '../../src/index.js';
import { SetupIntentMachineError } from '../../src/core/misuse-error.js';
import { toDot } from '../../src/diagram/dot.js';
import { INLINE_LABEL } from '../../src/diagram/machine-definition.js';
import { toMermaid } from '../../src/diagram/mermaid.js';

// A record, so a new event type does not compile until it is listed here.
const EVENT_TYPES = Object.keys({
  'api.update': true,
  'api.confirm': true,
  'api.cancel': true,
  'api.verify_microdeposits': true,
  'stripe.action_succeeded': true,
  'stripe.action_failed': true,
  'stripe.attempt_expired': true,
  'stripe.processing_succeeded': true,
  'stripe.processing_failed': true,
  'stripe.microdeposits_failed': true,
  'stripe.microdeposits_timed_out': true,
} satisfies Record<SetupIntentMachineEventType, true>) as SetupIntentMachineEventType[];

const definition = describeMachine();

const stateOf = (def: MachineDefinition, name: string) => {
  const state = def.states.find((candidate) => candidate.name === name);
  if (state === undefined) throw new Error(`no state ${name}`);
  return state;
};

const allTransitions = (def: MachineDefinition): { readonly source: string; readonly transition: MachineTransitionDefinition }[] =>
  def.states.flatMap((state) => state.transitions.map((transition) => ({ source: state.name, transition })));

/** A transition as written in the machine's config, read without the state nodes describeMachine walks. */
interface ConfigTransition {
  readonly target?: string;
  readonly guard?: string;
  readonly actions?: string | readonly string[];
}

function configuredTransitions(state: string): { event: string; target: string; guard: string | null; actions: string[] }[] {
  const states = setupIntentMachine.config.states as Record<string, { readonly on?: Record<string, ConfigTransition | readonly ConfigTransition[]> }>;
  const on = states[state]?.on ?? {};
  return Object.entries(on).flatMap(([event, config]) =>
    (Array.isArray(config) ? config : [config as ConfigTransition]).map((entry: ConfigTransition) => ({
      event,
      target: entry.target ?? state,
      guard: entry.guard ?? null,
      actions: entry.actions === undefined ? [] : typeof entry.actions === 'string' ? [entry.actions] : [...entry.actions],
    })),
  );
}

const transitionLine = (source: string, transition: MachineTransitionDefinition): string =>
  `  ${source} --> ${transition.target ?? source} : ${transition.event}${transition.guard === null ? '' : ` [${transition.guard}]`}`;

describe('describeMachine', () => {
  it('has exactly the machine states, in the machine order, starting in requires_payment_method', () => {
    expect(definition.id).toBe('setupIntent');
    expect(definition.initial).toBe('requires_payment_method');
    expect(definition.states.map((state) => state.name)).toEqual(Object.keys(setupIntentMachine.states));
    expect([...definition.states.map((state) => state.name)].sort()).toEqual([...SETUP_INTENT_STATUSES].sort());
  });

  it('flags succeeded and canceled, and only them, as final', () => {
    const finals = definition.states.filter((state) => state.final).map((state) => state.name);
    expect(finals).toEqual(['succeeded', 'canceled']);
    for (const state of definition.states) {
      expect(state.final).toBe(setupIntentMachine.states[state.name]?.type === 'final');
      if (state.final) expect(state.transitions).toEqual([]);
    }
  });

  it.each(SETUP_INTENT_STATUSES.flatMap((status) => EVENT_TYPES.map((event) => [status, event] as const)))(
    'in %s, has a transition for %s exactly when the status accepts it',
    (status: SetupIntentStatus, event: SetupIntentMachineEventType) => {
      const handles = stateOf(definition, status).transitions.some((transition) => transition.event === event);
      expect(handles).toBe(statusAccepts(status, event));
    },
  );

  it.each(SETUP_INTENT_STATUSES)('lists every transition of %s as configured: event, target, guard and actions, in order', (status) => {
    const described = stateOf(definition, status).transitions.map(({ event, target, guard, actions }) => ({
      event,
      target,
      guard,
      actions: [...actions],
    }));
    expect(described).toEqual(configuredTransitions(status));
  });

  it('counts 43 transitions, none targetless, none re-entering, each described with the Stripe events it sends', () => {
    const all = allTransitions(definition);
    expect(all).toHaveLength(43);
    for (const { transition } of all) {
      expect(transition.target).not.toBeNull();
      expect(transition).not.toHaveProperty('reenter');
      expect(transition.description).toMatch(/\.$/);
      expect(Array.isArray(transition.emits)).toBe(true);
    }
    const declines = all.filter(({ transition }) => transition.guard === 'confirmFails');
    expect(declines.map(({ transition }) => transition.emits)).toEqual([['setup_intent.setup_failed'], ['setup_intent.setup_failed'], ['setup_intent.setup_failed']]);
  });

  it('leads each unguarded transition where the machine goes', () => {
    const unguarded = allTransitions(definition).filter(({ transition }) => transition.guard === null);
    expect(unguarded.map(({ source, transition }) => `${source} ${transition.event}`)).toEqual([
      'requires_payment_method api.cancel',
      'requires_confirmation api.cancel',
      'requires_action api.cancel',
      'requires_action stripe.attempt_expired',
      'processing stripe.processing_succeeded',
      'processing stripe.processing_failed',
    ]);
    for (const { source, transition: described } of unguarded) {
      const snapshot = setupIntentMachine.resolveState({
        value: source,
        context: { hasPaymentMethod: true, nextAction: source === 'requires_action' ? 'customer_action' : null, hasLastSetupError: false },
      });
      const [next] = transition(setupIntentMachine, snapshot, { type: described.event } as never);
      expect(next.value).toBe(described.target);
    }
  });

  it('round-trips through JSON unchanged', () => {
    const text = JSON.stringify(definition);
    expect(JSON.parse(text)).toEqual(definition);
    expect(JSON.stringify(JSON.parse(text))).toBe(text);
  });

  it('is the same on every call', () => {
    expect(describeMachine()).toEqual(definition);
    expect(describeMachine(setupIntentMachine)).toEqual(definition);
  });

  it('names parameterised guards, labels inline guards and actions `inline`, and keeps reenter and descriptions', () => {
    const machine = setup({
      types: { context: {} as { n: number } },
      guards: { isAbove: (_, params: { readonly n: number }) => params.n > 0 },
      actions: { count: assign({ n: ({ context }) => context.n + 1 }) },
    }).createMachine({
      id: 'sample',
      context: { n: 0 },
      initial: 'idle',
      states: {
        idle: {
          description: 'waiting',
          on: {
            go: [
              { guard: { type: 'isAbove', params: { n: 1 } }, target: 'done', actions: ['count', assign({ n: 0 })] },
              { guard: () => true, target: 'idle', reenter: true, description: 'again' },
            ],
            stay: { actions: 'count' },
          },
        },
        done: { type: 'final' },
      },
    });
    expect(describeMachine(machine)).toEqual({
      id: 'sample',
      initial: 'idle',
      states: [
        {
          name: 'idle',
          final: false,
          description: 'waiting',
          transitions: [
            { event: 'go', target: 'done', guard: 'isAbove', actions: ['count', INLINE_LABEL] },
            { event: 'go', target: 'idle', guard: INLINE_LABEL, actions: [], reenter: true, description: 'again' },
            { event: 'stay', target: null, guard: null, actions: ['count'] },
          ],
        },
        { name: 'done', final: true, transitions: [] },
      ],
    });
  });

  it.each([
    ['a nested state', 'is a compound state', { initial: 'a', states: { a: { initial: 'x', states: { x: {} } } } }],
    ['`always`', 'uses `always`', { initial: 'a', states: { a: { always: { target: 'b' } }, b: {} } }],
    ['`after`', 'uses `after`,', { initial: 'a', states: { a: { after: { 1000: { target: 'b' } } }, b: {} } }],
    ['`invoke`', 'uses `invoke`', { initial: 'a', states: { a: { invoke: { src: 'child' } } } }],
    ['entry actions', 'uses entry actions', { initial: 'a', states: { a: { entry: () => undefined } } }],
    ['events handled on the root', 'the root handles events itself', { initial: 'a', on: { go: '.a' }, states: { a: {} } }],
  ])('throws for %s rather than leave it out', (_, message, config) => {
    const run = () => describeMachine(createMachine(config as never));
    expect(run).toThrow(SetupIntentMachineError);
    expect(run).toThrow(message);
  });
});

describe('toMermaid', () => {
  const mermaid = toMermaid(definition);
  const lines = mermaid.split('\n');

  it('is a stateDiagram-v2 that starts in requires_payment_method and ends with a newline', () => {
    expect(lines[0]).toBe('stateDiagram-v2');
    expect(lines[1]).toBe('  [*] --> requires_payment_method');
    expect(mermaid.endsWith('\n')).toBe(true);
  });

  it('declares every state', () => {
    for (const name of Object.keys(setupIntentMachine.states)) {
      expect(lines).toContain(`  ${name}`);
    }
  });

  it('draws every transition on its own line, self-transitions included, in order', () => {
    const expected = allTransitions(definition).map(({ source, transition }) => transitionLine(source, transition));
    expect(lines.filter((line) => line.includes(' --> ') && line.includes(' : '))).toEqual(expected);
    expect(lines).toContain('  requires_payment_method --> requires_payment_method : api.confirm [confirmFails]');
    expect(lines).toContain('  processing --> processing : api.update [onlyAnnotates]');
    expect(lines).toContain('  requires_action --> canceled : api.cancel');
  });

  it('sends exactly the final states to [*]', () => {
    expect(lines.filter((line) => line.endsWith('--> [*]'))).toEqual(['  succeeded --> [*]', '  canceled --> [*]']);
    expect(lines.filter((line) => line.includes('[*]'))).toHaveLength(3);
  });

  it('is deterministic', () => {
    expect(toMermaid(describeMachine())).toBe(mermaid);
  });

  it('aliases state names that are not identifiers and escapes what Mermaid reads as syntax', () => {
    const odd: MachineDefinition = {
      id: 'odd',
      initial: 'first state',
      states: [
        {
          name: 'first state',
          final: true,
          transitions: [{ event: 'go;now', target: null, guard: 'a#b', actions: [] }],
        },
      ],
    };
    expect(toMermaid(odd)).toBe(
      ['stateDiagram-v2', '  [*] --> s0', '  state "first state" as s0', '  s0 --> s0 : go#59;now [a#35;b]', '  s0 --> [*]', ''].join('\n'),
    );
  });
});

describe('toDot', () => {
  const dot = toDot(definition);
  const lines = dot.split('\n');

  it('is one digraph with balanced braces outside its quoted strings', () => {
    expect(dot.startsWith('digraph "setupIntent" {\n')).toBe(true);
    expect(dot.endsWith('}\n')).toBe(true);
    const unquoted = dot.replace(/"(?:[^"\\]|\\.)*"/g, '""');
    expect(unquoted).not.toContain('"""');
    expect(unquoted.split('{')).toHaveLength(2);
    expect(unquoted.split('}')).toHaveLength(2);
    for (const line of lines.slice(1, -2)) {
      expect(line).toMatch(/;$/);
    }
  });

  it('draws the start as a point leading to requires_payment_method', () => {
    expect(lines).toContain('  "__start__" [shape=point, width=0.15, label=""];');
    expect(lines).toContain('  "__start__" -> "requires_payment_method";');
  });

  it('draws the final states, and only them, as double circles', () => {
    expect(lines.filter((line) => line.includes('doublecircle'))).toEqual([
      '  "succeeded" [shape=doublecircle, style=solid];',
      '  "canceled" [shape=doublecircle, style=solid];',
    ]);
    for (const name of ['requires_payment_method', 'requires_confirmation', 'requires_action', 'processing']) {
      expect(lines).toContain(`  "${name}";`);
    }
  });

  it('draws one labelled edge per transition, `event\\n[guard]`', () => {
    const edges = lines.filter((line) => line.includes(' -> ') && !line.includes('__start__'));
    const all = allTransitions(definition);
    expect(edges).toHaveLength(all.length);
    all.forEach(({ source, transition }, i) => {
      const label = transition.guard === null ? transition.event : `${transition.event}\\n[${transition.guard}]`;
      expect(edges[i]).toMatch(new RegExp(`^  "${source}" -> "${transition.target ?? source}" \\[.*label="${label.replace(/[.[\]\\]/g, '\\$&')}"\\];$`));
    });
  });

  it('quotes and escapes identifiers and labels', () => {
    const odd: MachineDefinition = {
      id: 'say "hi"',
      initial: 'a\\b',
      states: [{ name: 'a\\b', final: false, transitions: [{ event: 'e"1', target: '__start__', guard: null, actions: [] }] }, { name: '__start__', final: true, transitions: [] }],
    };
    const text = toDot(odd);
    expect(text).toContain('digraph "say \\"hi\\"" {');
    expect(text).toContain('  "___start___" [shape=point, width=0.15, label=""];');
    expect(text).toContain('  "___start___" -> "a\\\\b";');
    expect(text).toContain('  "a\\\\b" -> "__start__" [label="e\\"1"];');
  });

  it('is deterministic', () => {
    expect(toDot(describeMachine())).toBe(dot);
  });
});

describe('a changed definition', () => {
  const renamedGuard: MachineDefinition = {
    ...definition,
    states: definition.states.map((state) =>
      state.name === 'processing'
        ? { ...state, transitions: state.transitions.map((t) => (t.guard === 'onlyAnnotates' ? { ...t, guard: 'onlyAnnotatesMetadata' } : t)) }
        : state,
    ),
  };
  const droppedTransition: MachineDefinition = {
    ...definition,
    states: definition.states.map((state) =>
      state.name === 'requires_action' ? { ...state, transitions: state.transitions.filter((t) => t.event !== 'stripe.attempt_expired') } : state,
    ),
  };
  const notFinal: MachineDefinition = {
    ...definition,
    states: definition.states.map((state) => (state.name === 'canceled' ? { ...state, final: false } : state)),
  };

  it.each([
    ['a renamed guard', renamedGuard],
    ['a dropped transition', droppedTransition],
    ['a state no longer final', notFinal],
  ])('with %s draws a different diagram', (_, changed) => {
    expect(toMermaid(changed)).not.toBe(toMermaid(definition));
    expect(toDot(changed)).not.toBe(toDot(definition));
  });

  it('leaves the original untouched', () => {
    expect(definition).toEqual(describeMachine());
  });
});
