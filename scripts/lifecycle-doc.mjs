// The generated parts of docs/lifecycle.md and the diagram files, built from the machine by the
// functions the package exports. `npm run docs:diagram` writes them; test/docs/diagram-doc.test.ts
// checks that the committed ones are what the machine gives now.

/** The generated sections of docs/lifecycle.md, by marker name. */
export const SECTIONS = ['diagram', 'status-events', 'transitions'];

/** The text of each generated section, from the machine's definition. */
export function sectionTexts(lib, definition) {
  return {
    diagram: `\n\`\`\`mermaid\n${lib.toMermaid(definition)}\`\`\`\n`,
    'status-events': `\n${lib.statusEventTable(definition)}`,
    transitions: `\n${lib.transitionTables(definition)}`,
  };
}

/** What lies between `<!-- name:start -->` and `<!-- name:end -->`; throws unless there is exactly one such section. */
export function section(document, name) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from < 0 || to < from || document.indexOf(start, from + 1) >= 0) {
    throw new Error(`the lifecycle document needs exactly one ${start} ... ${end} section`);
  }
  return { before: document.slice(0, from + start.length), inside: document.slice(from + start.length, to), after: document.slice(to) };
}

/** The document with every generated section replaced. */
export function withSections(document, texts) {
  let out = document;
  for (const name of SECTIONS) {
    const { before, after } = section(out, name);
    out = `${before}${texts[name]}${after}`;
  }
  return out;
}

/** The diagram files of docs/, by name: the full chart and the overview, as DOT (SVGs are rendered from these). */
export function dotFiles(lib, definition) {
  return { 'lifecycle.dot': lib.toDot(definition), 'lifecycle-overview.dot': lib.toOverviewDot(definition) };
}

/**
 * The generated documents, one per statechart: the markdown file whose sections are generated and
 * its diagram files, with the machine's definition. The SetupIntent's are docs/lifecycle.*; the
 * PaymentIntent's docs/payment-intent-lifecycle.*, generated the same way.
 */
export function lifecycleDocuments(lib) {
  const paymentIntent = lib.describeMachine(lib.paymentIntentMachine);
  return [
    { markdown: 'lifecycle.md', definition: lib.describeMachine(), files: dotFiles(lib, lib.describeMachine()) },
    {
      markdown: 'payment-intent-lifecycle.md',
      definition: paymentIntent,
      files: { 'payment-intent-lifecycle.dot': lib.toDot(paymentIntent), 'payment-intent-lifecycle-overview.dot': lib.toOverviewDot(paymentIntent) },
    },
  ];
}
