// Regenerates the docs drawn from the built machine: the Mermaid chart and the status x event and
// per-state transition tables in docs/lifecycle.md, docs/lifecycle.dot and docs/lifecycle-overview.dot,
// and their SVGs rendered by Graphviz (WebAssembly, from npm).
import { readFileSync, writeFileSync } from 'node:fs';
import * as lib from '../dist/index.js';
import { renderDot } from './graphviz.mjs';
import { dotFiles, sectionTexts, withSections } from './lifecycle-doc.mjs';

const docs = new URL('../docs/', import.meta.url);
const definition = lib.describeMachine();
const lifecycle = new URL('lifecycle.md', docs);
const document = withSections(readFileSync(lifecycle, 'utf8'), sectionTexts(lib, definition));
const files = dotFiles(lib, definition);
// Everything is rendered before anything is written, so that a DOT Graphviz rejects leaves every file as it was.
const svgs = {};
for (const [name, dot] of Object.entries(files)) svgs[name.replace(/\.dot$/, '.svg')] = await renderDot(dot);

writeFileSync(lifecycle, document);
for (const [name, text] of Object.entries({ ...files, ...svgs })) writeFileSync(new URL(name, docs), text);
console.log(`docs/lifecycle.md (generated sections), ${Object.keys({ ...files, ...svgs }).map((name) => `docs/${name}`).join(', ')} updated`);
