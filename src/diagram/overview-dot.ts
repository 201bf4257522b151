import type { MachineDefinition } from './machine-definition.js';
import { quote } from './dot.js';

/**
 * Renders a machine definition as an overview `digraph`: one arrow per pair of states, labelled
 * with the events that lead from one to the other (each event once), so the picture stays legible
 * where the full chart ({@link toDot}) draws one arrow per guarded transition. States that only
 * loop on themselves get no arrow.
 *
 * @example
 * ```ts
 * toOverviewDot(describeMachine()).includes('"requires_confirmation" -> "succeeded"'); // true
 * ```
 */
export function toOverviewDot(definition: MachineDefinition): string {
  const names = new Set(definition.states.map((state) => state.name));
  let start = '__start__';
  while (names.has(start)) start = `_${start}_`;
  const lines = [
    `digraph ${quote(`${definition.id}_overview`)} {`,
    '  rankdir=LR;',
    '  nodesep=0.5;',
    '  ranksep=1.0;',
    '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=12];',
    '  edge [fontname="Helvetica", fontsize=10];',
    `  ${quote(start)} [shape=point, width=0.15, label=""];`,
  ];
  for (const state of definition.states) {
    lines.push(`  ${quote(state.name)}${state.final ? ' [shape=doublecircle, style=solid]' : ''};`);
  }
  lines.push(`  ${quote(start)} -> ${quote(definition.initial)};`);
  for (const state of definition.states) {
    const byTarget = new Map<string, string[]>();
    for (const transition of state.transitions) {
      const target = transition.target ?? state.name;
      if (target === state.name) continue;
      const events = byTarget.get(target) ?? [];
      if (!events.includes(transition.event)) events.push(transition.event);
      byTarget.set(target, events);
    }
    for (const [target, events] of byTarget) {
      lines.push(`  ${quote(state.name)} -> ${quote(target)} [label=${quote(events.join('\n'))}];`);
    }
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
