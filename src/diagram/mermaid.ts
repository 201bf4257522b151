import type { MachineDefinition, MachineStateDefinition, MachineTransitionDefinition } from './machine-definition.js';

const PLAIN_ID = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Renders a machine definition as a Mermaid `stateDiagram-v2`: the initial arrow, one line per
 * transition labelled `event [guard]` (self-transitions included, nothing merged), and an arrow to
 * `[*]` from each final state.
 *
 * @remarks The output depends only on the definition, in its order, and ends with a newline.
 * Actions are not drawn. A targetless transition is drawn as a self-transition. A state name that
 * is not a plain identifier is declared as `state "name" as sN`.
 * @example
 * ```ts
 * toMermaid(describeMachine()).split('\n')[1]; // '  [*] --> requires_payment_method'
 * ```
 */
export function toMermaid(definition: MachineDefinition): string {
  const ids = mermaidIds(definition.states);
  const idOf = (name: string): string => ids.get(name) ?? name;
  const lines = ['stateDiagram-v2', `  [*] --> ${idOf(definition.initial)}`];
  for (const state of definition.states) {
    const id = idOf(state.name);
    lines.push(id === state.name ? `  ${id}` : `  state "${escapeLabel(state.name)}" as ${id}`);
    if (state.description !== undefined) {
      lines.push(`  ${id} : ${escapeLabel(state.description)}`);
    }
  }
  for (const state of definition.states) {
    for (const transition of state.transitions) {
      const target = idOf(transition.target ?? state.name);
      lines.push(`  ${idOf(state.name)} --> ${target} : ${escapeLabel(transitionLabel(transition))}`);
    }
  }
  for (const state of definition.states) {
    if (state.final) lines.push(`  ${idOf(state.name)} --> [*]`);
  }
  return `${lines.join('\n')}\n`;
}

function transitionLabel(transition: MachineTransitionDefinition): string {
  return transition.guard === null ? transition.event : `${transition.event} [${transition.guard}]`;
}

function mermaidIds(states: readonly MachineStateDefinition[]): Map<string, string> {
  const taken = new Set(states.map((state) => state.name));
  const ids = new Map<string, string>();
  let next = 0;
  for (const state of states) {
    if (PLAIN_ID.test(state.name)) {
      ids.set(state.name, state.name);
      continue;
    }
    let id = `s${next++}`;
    while (taken.has(id)) id = `s${next++}`;
    taken.add(id);
    ids.set(state.name, id);
  }
  return ids;
}

// Mermaid reads `;` and `#` in a label as syntax and breaks a label at a newline; its `#code;`
// entities stand for them.
function escapeLabel(text: string): string {
  return text.replace(/[#;\r\n<>"]/g, (char) => `#${char.charCodeAt(0)};`);
}
