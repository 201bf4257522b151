// The PaymentIntent docs are the PaymentIntent machine's, generated the way the SetupIntent ones
// are: the Mermaid chart and the status x event and transition tables of
// docs/payment-intent-lifecycle.md, its DOT files, and their SVGs exactly as Graphviz draws them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as lib from '../../src/index.js';
import { lifecycleDocuments, section, sectionTexts, SECTIONS } from '../../scripts/lifecycle-doc.mjs';
import { renderDot } from '../../scripts/graphviz.mjs';

const REGENERATE = 'the committed docs differ from the machine: run `npm run docs:diagram` and commit the result';
const read = (path: string): string => readFileSync(new URL(`../../docs/${path}`, import.meta.url), 'utf8');

const documents = lifecycleDocuments(lib);
const paymentIntent = documents.find((document) => document.markdown === 'payment-intent-lifecycle.md');
if (paymentIntent === undefined) throw new Error('no PaymentIntent lifecycle document');
const { definition, files } = paymentIntent;
const texts = sectionTexts(lib, definition);

describe('docs/payment-intent-lifecycle.md', () => {
  it('describes the PaymentIntent machine, whose states are the modelled statuses', () => {
    expect(definition.id).toBe('paymentIntent');
    expect(definition.states.map((state) => state.name)).toEqual([...lib.PAYMENT_INTENT_STATUSES]);
  });

  it.each(SECTIONS)('holds the %s section generated from the machine', (name) => {
    expect(section(read('payment-intent-lifecycle.md'), name).inside, REGENERATE).toBe(texts[name]);
  });

  it('lists every transition with the events it sends, charge events included', () => {
    const transitions = section(read('payment-intent-lifecycle.md'), 'transitions').inside;
    for (const state of definition.states) {
      for (const transition of state.transitions) expect(transitions).toContain(transition.description ?? 'no description');
    }
    expect(transitions).toContain('`charge.failed`, `payment_intent.payment_failed`');
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
