// Regenerates the docs drawn from the built machines: for the SetupIntent and the PaymentIntent
// statecharts, the Mermaid chart and the status x event and per-state transition tables of
// docs/lifecycle.md and docs/payment-intent-lifecycle.md, their DOT files, and the SVGs rendered by
// Graphviz (WebAssembly, from npm).
import { readFileSync, writeFileSync } from 'node:fs';
import * as lib from '../dist/index.js';
import { renderDot } from './graphviz.mjs';
import { lifecycleDocuments, sectionTexts, withSections } from './lifecycle-doc.mjs';

const docs = new URL('../docs/', import.meta.url);
const writes = {};
// Everything is rendered before anything is written, so that a DOT Graphviz rejects leaves every file as it was.
for (const { markdown, definition, files } of lifecycleDocuments(lib)) {
  writes[markdown] = withSections(readFileSync(new URL(markdown, docs), 'utf8'), sectionTexts(lib, definition));
  for (const [name, dot] of Object.entries(files)) {
    writes[name] = dot;
    writes[name.replace(/\.dot$/, '.svg')] = await renderDot(dot);
  }
}
for (const [name, text] of Object.entries(writes)) writeFileSync(new URL(name, docs), text);
console.log(`${Object.keys(writes).map((name) => `docs/${name}`).join(', ')} updated`);
