// The generated docs are the machine's: the Mermaid chart and the status x event and transition
// tables of docs/lifecycle.md, docs/lifecycle.dot and docs/lifecycle-overview.dot, and their SVGs
// exactly as Graphviz (WebAssembly, from npm) draws them. `npm run docs:diagram` writes them all.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as lib from '../../src/index.js';
import { dotFiles, section, sectionTexts, SECTIONS } from '../../scripts/lifecycle-doc.mjs';
import { renderDot } from '../../scripts/graphviz.mjs';

const REGENERATE = 'the committed docs differ from the machine: run `npm run docs:diagram` and commit the result';

const read = (path: string): string => readFileSync(new URL(`../../docs/${path}`, import.meta.url), 'utf8');

const definition = lib.describeMachine();
const texts = sectionTexts(lib, definition);
const files = dotFiles(lib, definition);
const edges = definition.states.flatMap((state) => state.transitions.map((transition) => ({ source: state.name, transition })));

describe('docs/lifecycle.md', () => {
  it.each(SECTIONS)('holds the %s section generated from the machine', (name) => {
    expect(section(read('lifecycle.md'), name).inside, REGENERATE).toBe(texts[name]);
  });

  it('lists every transition with the Stripe events it sends', () => {
    const transitions = section(read('lifecycle.md'), 'transitions').inside;
    for (const { transition } of edges) {
      expect(transitions).toContain(transition.description ?? 'no description');
    }
    expect(transitions).toContain('| `api.confirm` | `confirmFails` | `requires_payment_method` | `clearPaymentMethod`, `recordLastSetupError` | `setup_intent.setup_failed` |');
  });
});

describe.each(Object.keys(files))('docs/%s', (name) => {
  it('is the DOT generated from the machine, and Graphviz draws it without a warning', async () => {
    expect(read(name), REGENERATE).toBe(files[name]);
    await expect(renderDot(files[name] ?? '')).resolves.toContain('<svg');
  });

  it('has an SVG beside it that is exactly what Graphviz draws from it', async () => {
    expect(read(name.replace(/\.dot$/, '.svg')), REGENERATE).toBe(await renderDot(files[name] ?? ''));
  });
});

/** The edges Graphviz drew in an SVG, as `source -> target` (ports dropped). */
function drawnEdges(svg: string): string[] {
  return [...svg.matchAll(/<g id="edge\d+" class="edge">\s*<title>([^<]*)<\/title>/g)].map((match) =>
    (match[1] ?? '').replace(/:[a-z]+(?=&#45;&gt;|$)/g, '').replace('&#45;&gt;', ' -> '),
  );
}

describe('docs/lifecycle.svg', () => {
  const svg = read('lifecycle.svg');

  it('has one edge per transition, between the same states, plus the start arrow', () => {
    const expected = ['__start__ -> requires_payment_method', ...edges.map(({ source, transition }) => `${source} -> ${transition.target ?? source}`)];
    expect(drawnEdges(svg).sort(), REGENERATE).toEqual([...expected].sort());
  });

  it('names every state and labels every transition', () => {
    for (const state of definition.states) expect(svg, REGENERATE).toContain(`>${state.name}</text>`);
    for (const { transition } of edges) {
      expect(svg, REGENERATE).toContain(`>${transition.event}</text>`);
      if (transition.guard !== null) expect(svg, REGENERATE).toContain(`>[${transition.guard}]</text>`);
    }
  });
});

describe('docs/lifecycle-overview.svg', () => {
  const svg = read('lifecycle-overview.svg');

  it('has one edge per pair of different states joined by a transition, plus the start arrow', () => {
    const pairs = new Set(edges.filter(({ source, transition }) => (transition.target ?? source) !== source).map(({ source, transition }) => `${source} -> ${transition.target ?? source}`));
    expect(drawnEdges(svg).sort(), REGENERATE).toEqual(['__start__ -> requires_payment_method', ...pairs].sort());
  });
});
