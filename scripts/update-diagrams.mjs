// Regenerates the lifecycle diagrams from the built machine: the Mermaid block in docs/lifecycle.md,
// docs/lifecycle.dot, and docs/lifecycle.svg rendered from it by Graphviz (WebAssembly, from npm).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderDot } from './graphviz.mjs';

const START = '<!-- diagram:start -->';
const END = '<!-- diagram:end -->';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const lifecycle = new URL('../docs/lifecycle.md', import.meta.url);
const dotFile = new URL('../docs/lifecycle.dot', import.meta.url);
const svgFile = new URL('../docs/lifecycle.svg', import.meta.url);

/** @param {'mermaid' | 'dot'} format */
const diagram = (format) => execFileSync(process.execPath, [cli, 'diagram', '--format', format], { encoding: 'utf8' });

const mermaid = diagram('mermaid');
const dot = diagram('dot');
// Rendered before anything is written, so that a DOT Graphviz rejects leaves every file as it was.
const svg = await renderDot(dot);

const document = readFileSync(lifecycle, 'utf8');
const start = document.indexOf(START);
const end = document.indexOf(END);
if (start < 0 || end < start) {
  console.error(`update-diagrams: docs/lifecycle.md lacks the markers ${START} and ${END}`);
  process.exit(1);
}
writeFileSync(lifecycle, `${document.slice(0, start + START.length)}\n\`\`\`mermaid\n${mermaid}\`\`\`\n${document.slice(end)}`);
writeFileSync(dotFile, dot);
writeFileSync(svgFile, svg);
console.log('docs/lifecycle.md (Mermaid block), docs/lifecycle.dot and docs/lifecycle.svg updated');
