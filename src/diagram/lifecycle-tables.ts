import type { MachineDefinition, MachineTransitionDefinition } from './machine-definition.js';

/** Escapes what a Markdown table cell reads as syntax. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

const code = (text: string): string => `\`${text}\``;

function emitted(transition: MachineTransitionDefinition): string {
  const emits = transition.emits ?? [];
  return emits.length === 0 ? 'none' : emits.map(code).join(', ');
}

/** The event types of a machine, in the order they first appear. */
function eventTypes(definition: MachineDefinition): string[] {
  const seen: string[] = [];
  for (const state of definition.states) {
    for (const transition of state.transitions) {
      if (!seen.includes(transition.event)) seen.push(transition.event);
    }
  }
  return seen;
}

/**
 * The status x event table of a machine as Markdown: a row per event type, a column per state,
 * each cell listing where the event leads (`→ target [guard]`, one line per guarded transition) or
 * `refused` when the state takes no transition for it.
 *
 * @example
 * ```ts
 * statusEventTable(describeMachine()).split('\n')[0]; // '| event \\ status | `requires_payment_method` | ...'
 * ```
 */
export function statusEventTable(definition: MachineDefinition): string {
  const states = definition.states;
  const lines = [
    `| event \\ status | ${states.map((state) => code(state.name)).join(' | ')} |`,
    `| --- | ${states.map(() => '---').join(' | ')} |`,
  ];
  for (const event of eventTypes(definition)) {
    const cells = states.map((state) => {
      const taken = state.transitions.filter((transition) => transition.event === event);
      if (taken.length === 0) return 'refused';
      return taken
        .map((transition) => {
          const target = transition.target ?? state.name;
          const where = target === state.name ? 'stays' : `→ ${code(target)}`;
          return cell(transition.guard === null ? where : `${where} [${transition.guard}]`);
        })
        .join('<br>');
    });
    lines.push(`| ${code(event)} | ${cells.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * One Markdown table per state of a machine: each transition with its guard, target, actions, the
 * Stripe events it sends and its description, in the order XState tries them. Final states say
 * that they accept no event.
 */
export function transitionTables(definition: MachineDefinition): string {
  const sections: string[] = [];
  for (const state of definition.states) {
    const heading = `### ${code(state.name)}${state.final ? ' (final)' : ''}`;
    const intro = state.description === undefined ? '' : `${cell(state.description)}\n\n`;
    if (state.transitions.length === 0) {
      sections.push(`${heading}\n\n${intro}No transitions: every operation is refused.\n`);
      continue;
    }
    const rows = state.transitions.map((transition) => {
      const target = transition.target ?? state.name;
      return `| ${code(transition.event)} | ${transition.guard === null ? '' : code(transition.guard)} | ${code(target)} | ${transition.actions.map(code).join(', ')} | ${emitted(transition)} | ${cell(transition.description ?? '')} |`;
    });
    sections.push(`${heading}\n\n${intro}| event | guard | target | actions | Stripe events | meaning |\n| --- | --- | --- | --- | --- | --- |\n${rows.join('\n')}\n`);
  }
  return sections.join('\n');
}
