// Regenerates the catalogue table in docs/operations.md from the built package.
import { readFileSync, writeFileSync } from 'node:fs';
import { DEFAULT_TEST_PAYMENT_METHODS } from '../dist/index.js';
import { catalogueTable, withCatalogue } from './catalogue-table.mjs';

const path = new URL('../docs/operations.md', import.meta.url);
writeFileSync(path, withCatalogue(readFileSync(path, 'utf8'), catalogueTable(DEFAULT_TEST_PAYMENT_METHODS)));
console.log('docs/operations.md: catalogue table updated');
