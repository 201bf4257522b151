import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEST_PAYMENT_METHODS } from '../../src/index.js';
import { catalogueTable, withCatalogue } from '../../scripts/catalogue-table.mjs';

describe('docs/operations.md', () => {
  it('embeds the catalogue table generated from DEFAULT_TEST_PAYMENT_METHODS (run `npm run docs:catalogue` after changing it)', () => {
    const document = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');
    expect(withCatalogue(document, catalogueTable(DEFAULT_TEST_PAYMENT_METHODS))).toBe(document);
  });

  it('lists every alias of the catalogue', () => {
    const document = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');
    for (const entry of DEFAULT_TEST_PAYMENT_METHODS) {
      for (const alias of entry.aliases) {
        expect(document).toContain(`\`${alias}\``);
      }
    }
  });
});
