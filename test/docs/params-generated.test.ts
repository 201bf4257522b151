import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED_FILE, PARAMS_OVERLAY, generateParamsSource, readExtract } from '../../scripts/generate-params.mjs';
import type { ParamsOverlay } from '../../scripts/generate-params.mjs';

function withPatches(operation: string, patches: Readonly<Record<string, Readonly<Record<string, unknown>>>>): ParamsOverlay {
  return { ...PARAMS_OVERLAY, patches: { ...PARAMS_OVERLAY.patches, [operation]: { ...PARAMS_OVERLAY.patches[operation], ...patches } } };
}

describe('src/params/generated-setup-intent-params.ts', () => {
  it('is what the generator writes from the OpenAPI extract and the overlay', () => {
    expect(readFileSync(GENERATED_FILE, 'utf8'), 'the generated parameters are stale: run `npm run params:generate`').toBe(generateParamsSource());
  });

  it('refuses an overlay entry for a field the extract lacks', () => {
    expect(() => generateParamsSource(readExtract(), withPatches('create', { colour: { max: 10 } }))).toThrow(/the extract has no field colour/);
  });

  it('refuses an overlay entry that repeats what the extract says', () => {
    expect(() => generateParamsSource(readExtract(), withPatches('create', { description: { max: 1000 } }))).toThrow(/in the extract already/);
  });

  it('refuses a hash the extract only summarises when the overlay does not declare it', () => {
    const { payment_method_options: _omitted, ...hashes } = PARAMS_OVERLAY.hashes;
    expect(() => generateParamsSource(readExtract(), { ...PARAMS_OVERLAY, hashes })).toThrow(/payment_method_options: the extract only summarises this hash/);
  });
});
