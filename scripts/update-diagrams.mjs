// Regenerates the lifecycle diagrams from the built machine: the Mermaid block in docs/lifecycle.md,
// docs/lifecycle.dot, and docs/lifecycle.svg rendered from it by Graphviz.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const START = '<!-- diagram:start -->';
const END = '<!-- diagram:end -->';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const lifecycle = new URL('../docs/lifecycle.md', import.meta.url);
const dotFile = new URL('../docs/lifecycle.dot', import.meta.url);
const svgFile = new URL('../docs/lifecycle.svg', import.meta.url);

// Checked first, so that a missing Graphviz leaves every file as it was.
const probe = spawnSync('dot', ['-V'], { encoding: 'utf8' });
if (probe.error !== undefined || probe.status !== 0) {
  console.error(
    'update-diagrams: Graphviz `dot` is not on PATH (install the graphviz package, e.g. `apt-get install graphviz`), so docs/lifecycle.svg cannot be rendered.',
  );
  process.exit(1);
}

/** @param {'mermaid' | 'dot'} format */
const diagram = (format) => execFileSync(process.execPath, [cli, 'diagram', '--format', format], { encoding: 'utf8' });

const mermaid = diagram('mermaid');
const dot = diagram('dot');

const document = readFileSync(lifecycle, 'utf8');
const start = document.indexOf(START);
const end = document.indexOf(END);
if (start < 0 || end < start) {
  console.error(`update-diagrams: docs/lifecycle.md lacks the markers ${START} and ${END}`);
  process.exit(1);
}
writeFileSync(lifecycle, `${document.slice(0, start + START.length)}\n\`\`\`mermaid\n${mermaid}\`\`\`\n${document.slice(end)}`);

const svg = spawnSync('dot', ['-Tsvg'], { input: dot, encoding: 'utf8' });
if (svg.status !== 0) {
  console.error(`update-diagrams: dot -Tsvg failed:\n${svg.stderr}`);
  process.exit(1);
}
writeFileSync(dotFile, dot);
writeFileSync(svgFile, svg.stdout);
console.log('docs/lifecycle.md (Mermaid block), docs/lifecycle.dot and docs/lifecycle.svg updated');
