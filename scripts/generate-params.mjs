// Generates src/params/generated-setup-intent-params.ts, the one declaration of the SetupIntent
// request parameters: the specs the checker applies and the TypeScript types, from the OpenAPI
// extract (test/fixtures/openapi/openapi-setup-intents-extract.json) and the overlay
// (scripts/params-overlay.mjs) for what the extract does not say.
//
//   npm run params:generate
//
// test/docs/params-generated.test.ts fails while the committed file differs from what this writes.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PARAMS_OVERLAY } from './params-overlay.mjs';

export { PARAMS_OVERLAY };

/** The OpenAPI extract the parameters are read from. */
export const EXTRACT_FILE = fileURLToPath(new URL('../test/fixtures/openapi/openapi-setup-intents-extract.json', import.meta.url));
/** The generated TypeScript file. */
export const GENERATED_FILE = fileURLToPath(new URL('../src/params/generated-setup-intent-params.ts', import.meta.url));

/** Lines longer than this are broken, except arrays of literals, which stay on one line. */
const WIDTH = 120;

/** The keys of a node the checker sees, in the order they are written. */
const SPEC_KEYS = ['kind', 'max', 'min', 'enum', 'emptyUnsets', 'required', 'open', 'fields'];
/** The keys of a node only the generated types and names use (see scripts/params-overlay.mjs). */
const META_KEYS = ['typeName', 'typeDoc', 'typeRequired', 'alias', 'enumConst', 'enumDoc', 'constName', 'constDoc', 'ts'];
/** Which spec keys each kind takes, as `ParamSpec` declares them. */
const KIND_KEYS = {
  string: ['max', 'enum', 'emptyUnsets'],
  boolean: [],
  integer: ['min'],
  string_array: ['enum', 'emptyUnsets'],
  integer_array: [],
  metadata: ['emptyUnsets'],
  created_filter: [],
  hash: ['fields', 'required', 'emptyUnsets', 'open'],
};
/** Schema keywords the mapping reads or deliberately ignores; any other stops the generator. */
const SCHEMA_KEYWORDS = new Set([
  'type',
  'maxLength',
  'enum',
  'items',
  'properties',
  'required',
  'additionalProperties',
  'anyOf',
  'schema',
  'in',
  'style',
  'title',
  'description',
  'note',
  // `unix-time` and `currency` add no rule of their own; the overlay states the limits Stripe applies.
  'format',
  // Stripe does not refuse values outside such an enum, so neither does the checker.
  'x-stripeBypassValidation',
]);

/** Reads the OpenAPI extract. */
export function readExtract() {
  return JSON.parse(readFileSync(EXTRACT_FILE, 'utf8'));
}

/**
 * The source of the generated file.
 * @param {Record<string, any>} [extract]
 * @param {typeof PARAMS_OVERLAY} [overlay]
 * @returns {string}
 */
export function generateParamsSource(extract = readExtract(), overlay = PARAMS_OVERLAY) {
  const operations = overlay.operations.map((operation) => ({ operation, fields: operationFields(extract, operation, overlay) }));
  checkNotes(extract, overlay);
  return render(extract, overlay, operations);
}

// ---------------------------------------------------------------------------------------------
// The model: one node per parameter, in the shape of ParamSpec plus the naming keys.

function operationFields(extract, operation, overlay) {
  const where = `${operation.method.toUpperCase()} ${operation.path}`;
  const entry = extract.paths?.[operation.path]?.[operation.method];
  if (entry === undefined) {
    throw new Error(`${where}: not in the extract`);
  }
  // Request bodies are flattened to `properties`; query strings list `parameters` (path ones excluded).
  const source =
    operation.method === 'get'
      ? Object.fromEntries(Object.entries(entry.parameters ?? {}).filter(([, parameter]) => parameter.in !== 'path'))
      : (entry.properties ?? {});
  const fields = {};
  for (const [name, schema] of Object.entries(source)) {
    fields[name] = fromSchema(schema, `${where} ${name}`, name, overlay);
  }
  for (const [path, patch] of Object.entries(overlay.patches[operation.key] ?? {})) {
    applyPatch(fields, path, patch, `overlay patch ${operation.key}.${path}`, overlay);
  }
  for (const [name, node] of Object.entries(fields)) {
    checkNode(node, `${operation.key}.${name}`, overlay);
  }
  return fields;
}

function isEmptyString(schema) {
  return schema.type === 'string' && Array.isArray(schema.enum) && schema.enum.length === 1 && schema.enum[0] === '';
}

function fromSchema(schema, where, name, overlay) {
  for (const key of Object.keys(schema)) {
    if (!SCHEMA_KEYWORDS.has(key)) {
      throw new Error(`${where}: the extract says \`${key}\`, which the generator does not map`);
    }
  }
  if (schema.schema !== undefined) {
    return fromSchema(schema.schema, where, name, overlay);
  }
  if (schema.anyOf !== undefined) {
    const rest = schema.anyOf.filter((variant) => !isEmptyString(variant));
    const node = fromVariants(rest, where, name, overlay);
    return rest.length < schema.anyOf.length ? { ...node, emptyUnsets: true } : node;
  }
  switch (schema.type) {
    case 'boolean':
      return { kind: 'boolean' };
    case 'integer':
      return { kind: 'integer' };
    case 'string':
      // An enumeration bounds the length already, so `maxLength` beside one adds nothing.
      return schema.enum !== undefined ? { kind: 'string', enum: [...schema.enum] } : { kind: 'string', ...(schema.maxLength === undefined ? {} : { max: schema.maxLength }) };
    case 'array': {
      const items = schema.items ?? {};
      for (const key of Object.keys(items)) {
        if (!SCHEMA_KEYWORDS.has(key)) {
          throw new Error(`${where}[]: the extract says \`${key}\`, which the generator does not map`);
        }
      }
      if (items.type === 'integer') {
        return { kind: 'integer_array' };
      }
      if (items.type !== undefined && items.type !== 'string') {
        throw new Error(`${where}: arrays of ${items.type} are not modelled`);
      }
      // The checker bounds strings, not the items of string arrays: `items.maxLength` is not carried over.
      return { kind: 'string_array', ...(items.enum === undefined ? {} : { enum: [...items.enum] }) };
    }
    case 'object':
      if (schema.additionalProperties !== undefined) {
        if (schema.additionalProperties.type !== 'string') {
          throw new Error(`${where}: only string-valued maps (metadata) are modelled`);
        }
        return { kind: 'metadata', emptyUnsets: false };
      }
      if (schema.properties === undefined) {
        // The extract summarises this hash in a note; the overlay declares it.
        const declared = overlay.hashes[name];
        if (declared === undefined) {
          throw new Error(`${where}: the extract only summarises this hash${schema.note === undefined ? '' : ` ("${schema.note.slice(0, 60)}...")`}; declare it in the overlay's hashes`);
        }
        return structuredClone(declared);
      }
      return {
        kind: 'hash',
        ...(schema.required?.length ? { required: [...schema.required] } : {}),
        fields: Object.fromEntries(Object.entries(schema.properties).map(([key, value]) => [key, fromSchema(value, `${where}[${key}]`, key, overlay)])),
      };
    default:
      throw new Error(`${where}: no type the generator maps (${JSON.stringify(schema.type)})`);
  }
}

function fromVariants(variants, where, name, overlay) {
  if (variants.length === 1) {
    return fromSchema(variants[0], where, name, overlay);
  }
  const range = variants.find((variant) => variant.title === 'range_query_specs');
  if (variants.length === 2 && range !== undefined && variants.some((variant) => variant.type === 'integer')) {
    const bounds = Object.keys(range.properties ?? {}).sort().join(',');
    if (bounds !== 'gt,gte,lt,lte') {
      throw new Error(`${where}: a range filter with bounds ${bounds}; the checker knows gt, gte, lt, lte`);
    }
    return { kind: 'created_filter' };
  }
  // A hash with a secret-key and a publishable-key variant: the checker applies the secret-key rules.
  const secret = variants.find((variant) => variant.title === 'secret_key_param');
  if (secret !== undefined) {
    return fromSchema(secret, where, name, overlay);
  }
  throw new Error(`${where}: ${variants.length} alternatives the generator cannot merge`);
}

function applyPatch(fields, path, patch, where, overlay) {
  const keys = path.split('.');
  let node = { kind: 'hash', fields };
  for (const key of keys) {
    const next = node.fields?.[key];
    if (next === undefined) {
      throw new Error(`${where}: the extract has no field ${path}`);
    }
    node = next;
  }
  for (const [key, value] of Object.entries(patch)) {
    if (!SPEC_KEYS.includes(key) && !META_KEYS.includes(key)) {
      throw new Error(`${where}: unknown key ${key}`);
    }
    if (SPEC_KEYS.includes(key) && sameValue(specValue(node, key), value)) {
      throw new Error(`${where}: ${key} is ${JSON.stringify(value)} in the extract already; remove the entry`);
    }
    if (key === 'alias' && overlay.typeImports[value] === undefined) {
      throw new Error(`${where}: ${value} is not in typeImports`);
    }
    node[key] = structuredClone(value);
  }
}

/** A spec key's value, with the checker's defaults filled in. */
function specValue(node, key) {
  if (key === 'required') return node.required ?? [];
  if (key === 'emptyUnsets' || key === 'open') return node[key] ?? false;
  return node[key];
}

function sameValue(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function checkNode(node, where, overlay) {
  const allowed = KIND_KEYS[node.kind];
  if (allowed === undefined) {
    throw new Error(`${where}: unknown kind ${node.kind}`);
  }
  for (const key of Object.keys(node)) {
    if (key === 'kind' || META_KEYS.includes(key)) continue;
    if (!allowed.includes(key)) {
      throw new Error(`${where}: a ${node.kind} parameter takes no ${key}`);
    }
  }
  if (node.alias !== undefined && overlay.typeImports[node.alias] === undefined) {
    throw new Error(`${where}: ${node.alias} is not in typeImports`);
  }
  if (node.enumConst !== undefined && node.enum === undefined) {
    throw new Error(`${where}: enumConst without an enum`);
  }
  for (const key of [...(node.required ?? []), ...(node.typeRequired ?? [])]) {
    if (node.fields?.[key] === undefined) {
      throw new Error(`${where}: ${key} is required but not a field`);
    }
  }
  for (const [key, child] of Object.entries(node.fields ?? {})) {
    checkNode(child, `${where}[${key}]`, overlay);
  }
}

/** Every field the overlay declares for a hash the extract summarises must be named in its notes. */
function checkNotes(extract, overlay) {
  const notes = {};
  for (const methods of Object.values(extract.paths ?? {})) {
    for (const entry of Object.values(methods)) {
      for (const [name, schema] of Object.entries(entry.properties ?? {})) {
        if (typeof schema.note === 'string') notes[name] = `${notes[name] ?? ''} ${schema.note}`;
      }
    }
  }
  for (const [name, hash] of Object.entries(overlay.hashes)) {
    const note = notes[name];
    if (note === undefined) {
      throw new Error(`overlay hash ${name}: the extract has no note for it (does it describe the hash now?)`);
    }
    const walk = (node, where) => {
      for (const [key, child] of Object.entries(node.fields ?? {})) {
        if (!new RegExp(`\\b${key}\\b`).test(note)) {
          throw new Error(`overlay hash ${where}[${key}]: the extract's note does not name ${key}`);
        }
        walk(child, `${where}[${key}]`);
      }
    };
    walk(hash, name);
  }
}

// ---------------------------------------------------------------------------------------------
// Printing.

/** A name printed as it is (a reference to a declared constant). */
class Ref {
  constructor(name) {
    this.name = name;
  }
}

function printKey(key) {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : quote(key);
}

function quote(text) {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A value as TypeScript source, on one line if it fits in `room` characters. */
function printValue(value, indent, room) {
  if (value instanceof Ref) return value.name;
  if (typeof value === 'string') return quote(value);
  if (typeof value !== 'object' || value === null) return String(value);
  if (Array.isArray(value)) {
    return `[${value.map((item) => printValue(item, indent, Infinity)).join(', ')}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const flat = `{ ${entries.map(([key, item]) => `${printKey(key)}: ${printValue(item, '', Infinity)}`).join(', ')} }`;
  if (flat.length <= room && !flat.includes('\n')) return flat;
  const inner = `${indent}  `;
  const lines = entries.map(([key, item]) => {
    const head = `${inner}${printKey(key)}: `;
    return `${head}${printValue(item, inner, WIDTH - head.length - 1)},`;
  });
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** A TypeScript object type (`members` of [key, optional, type]) on one line if it fits. */
function printObjectType(members, indent, room) {
  if (members.length === 0) return '{}';
  const flat = `{ ${members.map(([key, optional, type]) => `readonly ${printKey(key)}${optional ? '?' : ''}: ${type(indent, Infinity)}`).join('; ')} }`;
  if (flat.length <= room && !flat.includes('\n')) return flat;
  const inner = `${indent}  `;
  const lines = members.map(([key, optional, type]) => {
    const head = `${inner}readonly ${printKey(key)}${optional ? '?' : ''}: `;
    return `${head}${type(inner, WIDTH - head.length - 1)};`;
  });
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function camel(name) {
  return name.replace(/_([a-z])/g, (_, letter) => letter.toUpperCase());
}

/** A TSDoc comment, on one line if it fits, else wrapped at the line width. */
function docComment(text, indent = '') {
  const single = `${indent}/** ${text} */`;
  if (single.length <= WIDTH - 20) return single;
  const lines = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && indent.length + 3 + line.length + 1 + word.length > WIDTH - 20) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return [`${indent}/**`, ...lines.map((text) => `${indent} * ${text}`), `${indent} */`].join('\n');
}

// ---------------------------------------------------------------------------------------------
// The generated file.

function render(extract, overlay, operations) {
  const meta = extract['x-extract'] ?? {};
  const specs = renderSpecs(operations);
  const types = renderTypes(operations, overlay);
  const imports = [...types.imports].sort().reduce((byModule, name) => {
    const module = overlay.typeImports[name];
    byModule.set(module, [...(byModule.get(module) ?? []), name]);
    return byModule;
  }, new Map());
  const source = meta.source_commit === undefined ? '' : ` (stripe/openapi ${String(meta.source_commit).slice(0, 12)}, API version ${meta['info.version']})`;
  return [
    '// Generated by `npm run params:generate` (scripts/generate-params.mjs). Do not edit by hand: change',
    '// test/fixtures/openapi/openapi-setup-intents-extract.json or scripts/params-overlay.mjs and regenerate.',
    `// The extract${source} gives the parameters;`,
    '// the overlay adds the hashes it only summarises and the limits and unsets it omits.',
    '//',
    '// The SetupIntent request parameters, declared once: the specs checkParams applies (first half) and',
    '// the TypeScript types of the same parameters (second half).',
    "import type { ParamSpec, ParamSpecs } from './param-spec.js';",
    ...[...imports].map(([module, names]) => `import type { ${names.join(', ')} } from '${module}';`),
    '',
    specs,
    types.text,
  ].join('\n');
}

function renderSpecs(operations) {
  // Hashes met more than once (or named by the overlay) become constants, declared before use.
  const seen = new Map();
  const order = [];
  const visit = (node, key) => {
    if (node.kind !== 'hash' || Object.keys(node.fields).length === 0) return;
    const id = canonical(node);
    const known = seen.get(id);
    if (known !== undefined) {
      known.count += 1;
      if (node.constName !== undefined && known.constName !== undefined && node.constName !== known.constName) {
        throw new Error(`${key}: one hash named both ${known.constName} and ${node.constName}`);
      }
      known.constName ??= node.constName;
      known.constDoc ??= node.constDoc;
      return;
    }
    const entry = { node, key, count: 1, constName: node.constName, constDoc: node.constDoc };
    seen.set(id, entry);
    for (const [childKey, child] of Object.entries(node.fields)) visit(child, childKey);
    order.push(entry);
  };
  for (const { fields } of operations) {
    for (const [key, node] of Object.entries(fields)) visit(node, key);
  }
  const names = new Map();
  const used = new Set();
  for (const entry of order) {
    if (entry.count < 2 && entry.constName === undefined) continue;
    let name = entry.constName ?? camel(entry.key);
    for (let n = 2; used.has(name); n++) name = `${camel(entry.key)}${n}`;
    used.add(name);
    names.set(canonical(entry.node), name);
  }

  const enums = new Map();
  const collectEnums = (node) => {
    if (node.enumConst !== undefined) {
      const known = enums.get(node.enumConst);
      if (known !== undefined && !sameValue(known.values, node.enum)) {
        throw new Error(`${node.enumConst}: two different enumerations`);
      }
      enums.set(node.enumConst, known ?? { values: node.enum, doc: node.enumDoc, alias: node.alias });
    }
    for (const child of Object.values(node.fields ?? {})) collectEnums(child);
  };
  for (const { fields } of operations) Object.values(fields).forEach(collectEnums);

  const toValue = (node, root = false) => {
    if (!root && node.kind === 'hash') {
      const name = names.get(canonical(node));
      if (name !== undefined) return new Ref(name);
    }
    const out = {};
    for (const key of SPEC_KEYS) {
      const value = node[key];
      if (value === undefined) continue;
      if (key === 'enum' && node.enumConst !== undefined) out.enum = new Ref(node.enumConst);
      else if (key === 'fields') out.fields = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, toValue(child)]));
      else if (key === 'required' && value.length === 0) continue;
      // `emptyUnsets: false` is the default, written only where ParamSpec requires it (metadata).
      else if (key === 'emptyUnsets' && value === false && node.kind !== 'metadata') continue;
      else if (key === 'open' && value === false) continue;
      else out[key] = value;
    }
    return out;
  };

  const blocks = [];
  for (const [name, { values, doc, alias }] of enums) {
    if (doc !== undefined) blocks.push(docComment(doc));
    const typed = alias === undefined ? '' : ` satisfies readonly ${alias}[]`;
    blocks.push(`export const ${name} = ${printValue(values, '', Infinity)} as const${typed};`);
  }
  blocks.push('');
  for (const entry of order) {
    const name = names.get(canonical(entry.node));
    if (name === undefined) continue;
    const exported = entry.constName !== undefined;
    if (exported) blocks.push(docComment(entry.constDoc ?? `The \`${entry.key}\` parameter.`));
    const head = `${exported ? 'export ' : ''}const ${name}: ParamSpec = `;
    blocks.push(`${head}${printValue(toValue(entry.node, true), '', WIDTH - head.length - 1)};`, '');
  }
  for (const { operation, fields } of operations) {
    blocks.push(docComment(operation.specsDoc));
    const head = `export const ${operation.specs}: ParamSpecs = `;
    const value = Object.fromEntries(Object.entries(fields).map(([key, node]) => [key, toValue(node)]));
    blocks.push(`${head}${printValue(value, '', 0)};`, '');
  }
  return blocks.join('\n');
}

/** The spec of a node (no naming keys) as a string, to recognise the same hash met twice. */
function canonical(node) {
  const out = {};
  for (const key of SPEC_KEYS) {
    if (node[key] === undefined) continue;
    out[key] = key === 'fields' ? Object.fromEntries(Object.entries(node.fields).map(([name, child]) => [name, JSON.parse(canonical(child))])) : node[key];
  }
  return JSON.stringify(out);
}

const PREAMBLE = `/**
 * An empty string unsets a parameter that can be unset. \`null\` does too: Stripe's SDKs send it as an
 * empty string.
 */
export type Emptyable<T> = T | '' | null;

/** Metadata as a request parameter: an empty value unsets a key. */
export type MetadataParam = Readonly<Record<string, string | number | null>>;

/** A \`created\` filter: an exact timestamp or a range. */
export type CreatedFilter =
  | number
  | { readonly gt?: number; readonly gte?: number; readonly lt?: number; readonly lte?: number };
`;

function renderTypes(operations, overlay) {
  const imports = new Set();
  const interfaces = new Map();

  const union = (values) => values.map(quote).join(' | ');
  /** The type of a node, as a printer taking the indentation and the room left on the line. */
  const typeOf = (node) => {
    if (node.ts !== undefined) return () => node.ts;
    const base = baseType(node);
    return node.emptyUnsets === true ? (indent, room) => `Emptyable<${base(indent, room - 11)}>` : base;
  };
  const enumType = (node) => {
    if (node.alias !== undefined) {
      imports.add(node.alias);
      return node.alias;
    }
    return node.enum === undefined ? 'string' : union(node.enum);
  };
  const members = (node, required) =>
    Object.entries(node.fields).map(([key, child]) => [key, !required.includes(key), typeOf(child)]);
  const baseType = (node) => {
    switch (node.kind) {
      case 'string':
        return () => enumType(node);
      case 'boolean':
        return () => 'boolean';
      case 'integer':
        return () => 'number';
      case 'string_array': {
        const item = enumType(node);
        return () => `readonly ${item.includes(' ') ? `(${item})` : item}[]`;
      }
      case 'integer_array':
        return () => 'readonly number[]';
      case 'metadata':
        return () => 'MetadataParam';
      case 'created_filter':
        return () => 'CreatedFilter';
      case 'hash': {
        const required = node.typeRequired ?? node.required ?? [];
        if (Object.keys(node.fields).length === 0) {
          const record = node.open === true ? 'Readonly<Record<string, unknown>>' : 'Readonly<Record<string, never>>';
          return () => record;
        }
        if (node.open === true) {
          throw new Error('an open hash with declared fields has no type rule');
        }
        const list = members(node, required);
        if (node.typeName !== undefined) {
          const text = `${docComment(node.typeDoc ?? `The \`${node.typeName}\` parameter.`)}\nexport interface ${node.typeName} ${printObjectType(list, '', 0)}\n`;
          const known = interfaces.get(node.typeName);
          if (known !== undefined && known !== text) {
            throw new Error(`${node.typeName}: declared twice with different fields`);
          }
          interfaces.set(node.typeName, text);
          return () => node.typeName;
        }
        return (indent, room) => printObjectType(list, indent, room);
      }
    }
    throw new Error(`no type for kind ${node.kind}`);
  };

  const declarations = [];
  for (const { operation, fields } of operations) {
    const list = members({ fields }, []);
    declarations.push(`${docComment(operation.typeDoc)}\nexport interface ${operation.type} ${printObjectType(list, '', 0)}\n`);
  }
  for (const name of Object.keys(overlay.typeImports)) {
    if (!imports.has(name)) throw new Error(`typeImports: ${name} is never used`);
  }
  return { imports, text: [PREAMBLE, ...interfaces.values(), ...declarations].join('\n') };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(GENERATED_FILE, generateParamsSource());
  console.log('src/params/generated-setup-intent-params.ts written');
}
