// The committed diagrams are the machine's: the Mermaid block in docs/lifecycle.md, docs/lifecycle.dot,
// and docs/lifecycle.svg rendered from it by Graphviz (WebAssembly, from npm; all written by
// `npm run docs:diagram`).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeMachine } from '../../src/index.js';
import { toDot } from '../../src/diagram/dot.js';
import { toMermaid } from '../../src/diagram/mermaid.js';
import { renderDot } from '../../scripts/graphviz.mjs';

const START = '<!-- diagram:start -->';
const END = '<!-- diagram:end -->';
const REGENERATE = 'the committed diagram differs from the machine: run `npm run docs:diagram` and commit the result';

const read = (path: string): string => readFileSync(new URL(`../../docs/${path}`, import.meta.url), 'utf8');

/** What lies between the diagram markers of docs/lifecycle.md. */
function diagramSection(document: string): string {
  const start = document.indexOf(START);
  const end = document.indexOf(END);
  if (start < 0 || end < start || document.indexOf(START, start + 1) >= 0) {
    throw new Error(`docs/lifecycle.md needs exactly one ${START} ... ${END} section`);
  }
  return document.slice(start + START.length, end);
}

const definition = describeMachine();

describe('docs/lifecycle.md', () => {
  it('embeds the Mermaid diagram generated from the machine', () => {
    const section = diagramSection(read('lifecycle.md'));
    expect(section, REGENERATE).toBe(`\n\`\`\`mermaid\n${toMermaid(definition)}\`\`\`\n`);
  });
});

describe('docs/lifecycle.dot', () => {
  it('is the DOT diagram generated from the machine', () => {
    expect(read('lifecycle.dot'), REGENERATE).toBe(toDot(definition));
  });

  it('is accepted by Graphviz without an error or warning', async () => {
    await expect(renderDot(toDot(definition))).resolves.toContain('<svg');
  });
});

describe('docs/lifecycle.svg', () => {
  const svg = read('lifecycle.svg');

  it('is exactly what Graphviz draws from the DOT', async () => {
    expect(svg, REGENERATE).toBe(await renderDot(toDot(definition)));
  });

  const edges = definition.states.flatMap((state) => state.transitions.map((transition) => ({ source: state.name, transition })));

  it('is an SVG with one edge per transition, between the same states, plus the start arrow', () => {
    expect(svg).toContain('<svg');
    // Graphviz titles each edge `source->target`, with `:port` on the self-loops it was told to place.
    const drawn = [...svg.matchAll(/<g id="edge\d+" class="edge">\s*<title>([^<]*)<\/title>/g)].map((match) =>
      (match[1] ?? '').replace(/:[a-z]+(?=&#45;&gt;|$)/g, '').replace('&#45;&gt;', ' -> '),
    );
    const expected = ['__start__ -> requires_payment_method', ...edges.map(({ source, transition }) => `${source} -> ${transition.target ?? source}`)];
    expect([...drawn].sort(), REGENERATE).toEqual([...expected].sort());
  });

  it('names every state and labels every transition', () => {
    for (const state of definition.states) {
      expect(svg, REGENERATE).toContain(`>${state.name}</text>`);
    }
    for (const { transition } of edges) {
      expect(svg, REGENERATE).toContain(`>${transition.event}</text>`);
      if (transition.guard !== null) expect(svg, REGENERATE).toContain(`>[${transition.guard}]</text>`);
    }
  });
});
