// Refreshes test/fixtures/openapi/openapi-setup-intents-extract.json from a release of Stripe's
// public OpenAPI spec (openapi/spec3.json of github.com/stripe/openapi):
//
//   node scripts/refresh-openapi-extract.mjs SPEC3 [--commit SHA] [--out FILE]
//
// SPEC3 is a local file or an https URL (for example the raw spec3.json of a commit). Every schema and
// path the extract already holds is taken again from the spec, with long prose removed; the ones the
// spec lacks (marked `x-extract-source`, transcribed from stripe-node's types) are kept as they are and
// listed on stderr, so a person can check them against the SDK of the same release.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const DEFAULT_OUT = fileURLToPath(new URL('../test/fixtures/openapi/openapi-setup-intents-extract.json', import.meta.url));
/** Descriptions longer than this are prose, not facts the tests read. */
const MAX_DESCRIPTION = 80;
const FORM = 'application/x-www-form-urlencoded';

/** A copy of a schema node without long descriptions. */
export function trimSchema(node) {
  if (Array.isArray(node)) return node.map(trimSchema);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description' && (typeof value !== 'string' || value.length > MAX_DESCRIPTION)) continue;
    // Inside `properties` every key is a field name, never a keyword.
    out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, trimSchema(schema)])) : trimSchema(value);
  }
  return out;
}

/** One operation of the spec in the extract's flattened shape: request fields at the top. */
function flattenOperation(operation) {
  const out = { operationId: operation.operationId, summary: operation.summary };
  const body = operation.requestBody?.content?.[FORM];
  if (body !== undefined) {
    out.requestBody_required = operation.requestBody.required === true;
    out.encoding_deepObject = Object.entries(body.encoding ?? {})
      .filter(([, encoding]) => encoding.style === 'deepObject')
      .map(([name]) => name)
      .sort();
    Object.assign(out, trimSchema({ properties: body.schema?.properties ?? {}, required: body.schema?.required }));
    if (out.required === undefined) delete out.required;
  }
  if (operation.parameters !== undefined) {
    out.parameters = Object.fromEntries(operation.parameters.map(({ name, in: where, schema }) => [name, { in: where, schema: trimSchema(schema) }]));
  }
  const ok = operation.responses?.['200']?.content?.['application/json']?.schema;
  if (ok !== undefined) out.responses = { 200: trimSchema(ok) };
  return out;
}

/**
 * The extract refreshed from a full spec: same schema names and paths, the spec's content.
 * @returns {{ extract: object, kept: string[] }}
 */
export function refreshExtract(current, spec, commit) {
  const kept = [];
  const schemas = {};
  for (const [name, schema] of Object.entries(current.components.schemas)) {
    const fresh = spec.components?.schemas?.[name];
    if (fresh === undefined) {
      kept.push(`components.schemas.${name}`);
      schemas[name] = schema;
    } else {
      schemas[name] = trimSchema(fresh);
    }
  }
  const paths = {};
  for (const [path, operations] of Object.entries(current.paths)) {
    paths[path] = {};
    for (const [method, operation] of Object.entries(operations)) {
      const fresh = spec.paths?.[path]?.[method];
      if (fresh === undefined) {
        kept.push(`paths.${path}.${method}`);
        paths[path][method] = operation;
      } else {
        paths[path][method] = flattenOperation(fresh);
      }
    }
  }
  const header = {
    ...current['x-extract'],
    source_commit: commit ?? current['x-extract'].source_commit,
    'info.version': spec.info?.version ?? current['x-extract']['info.version'],
    openapi: spec.openapi ?? current['x-extract'].openapi,
  };
  return { extract: { 'x-extract': header, components: { schemas }, paths }, kept };
}

async function readSpec(source) {
  if (/^https:\/\//.test(source)) {
    const response = await fetch(source);
    if (!response.ok) throw new Error(`${source} answered ${response.status}`);
    return response.json();
  }
  return JSON.parse(readFileSync(source, 'utf8'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { commit: { type: 'string' }, out: { type: 'string' } } });
  if (positionals.length !== 1) {
    console.error('usage: node scripts/refresh-openapi-extract.mjs SPEC3_JSON_OR_URL [--commit SHA] [--out FILE]');
    process.exit(2);
  }
  const out = values.out ?? DEFAULT_OUT;
  const current = JSON.parse(readFileSync(out, 'utf8'));
  const { extract, kept } = refreshExtract(current, await readSpec(positionals[0]), values.commit);
  writeFileSync(out, `${JSON.stringify(extract, null, 1)}\n`);
  console.log(`refreshed ${out}`);
  if (kept.length > 0) console.error(`not in the spec, kept as transcribed (check against stripe-node):\n  ${kept.join('\n  ')}`);
}
