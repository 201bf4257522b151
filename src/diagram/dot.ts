import type { MachineDefinition, MachineTransitionDefinition } from './machine-definition.js';

/**
 * Renders a machine definition as a Graphviz `digraph`: a point for the start, one node per state
 * (final states as double circles), and one edge per transition labelled `event\n[guard]`.
 *
 * @remarks Every identifier and label is a quoted, escaped DOT string, and the output depends only
 * on the definition, in its order. Actions are not drawn; a targetless transition is drawn as a
 * self-loop, and the self-loops of a state alternate between its top and bottom. Render it with
 * `dot -Tsvg`.
 * @example
 * ```ts
 * toDot(describeMachine()).startsWith('digraph "setupIntent" {'); // true
 * ```
 */
export function toDot(definition: MachineDefinition): string {
  const names = new Set(definition.states.map((state) => state.name));
  let start = '__start__';
  while (names.has(start)) start = `_${start}_`;
  const lines = [
    `digraph ${quote(definition.id)} {`,
    '  rankdir=LR;',
    '  nodesep=0.6;',
    '  ranksep=1.2;',
    '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=12];',
    '  edge [fontname="Helvetica", fontsize=10];',
    `  ${quote(start)} [shape=point, width=0.15, label=""];`,
  ];
  for (const state of definition.states) {
    const attributes = state.final ? ' [shape=doublecircle, style=solid]' : '';
    lines.push(`  ${quote(state.name)}${attributes};`);
  }
  lines.push(`  ${quote(start)} -> ${quote(definition.initial)};`);
  for (const state of definition.states) {
    let loops = 0;
    for (const transition of state.transitions) {
      const target = transition.target ?? state.name;
      const label = `label=${quote(edgeLabel(transition))}`;
      // Graphviz piles every self-loop of a node on one side, their labels overlapping; alternating
      // between top and bottom spreads them out.
      const ports = target === state.name ? (loops++ % 2 === 0 ? 'tailport=n, headport=n, ' : 'tailport=s, headport=s, ') : '';
      lines.push(`  ${quote(state.name)} -> ${quote(target)} [${ports}${label}];`);
    }
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function edgeLabel(transition: MachineTransitionDefinition): string {
  return transition.guard === null ? transition.event : `${transition.event}\n[${transition.guard}]`;
}

/** A quoted DOT string: only `"` and `\` need escaping, and a newline becomes the centred break `\n`. */
export function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, (char) => `\\${char}`).replace(/\r?\n/g, '\\n')}"`;
}
