// Graphviz as WebAssembly (@viz-js/viz), so rendering and checking DOT needs no system package.
import { instance } from '@viz-js/viz';

let viz;

/**
 * Renders DOT with Graphviz's `dot` layout; throws with Graphviz's messages when it reports any
 * error or warning.
 */
export async function renderDot(dot, format = 'svg') {
  viz ??= await instance();
  const result = viz.render(dot, { format, engine: 'dot' });
  if (result.status !== 'success' || result.errors.length > 0) {
    throw new Error(`Graphviz rejected the DOT:\n${result.errors.map((error) => `${error.level ?? 'error'}: ${error.message}`).join('\n')}`);
  }
  return result.output;
}
