// scripts/refresh-openapi-extract.mjs on a small spec in spec3.json's shape: what it takes from the
// spec, what it keeps, and that its output still normalises into the schemas the tests validate with.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { refreshExtract, trimSchema } from '../../scripts/refresh-openapi-extract.mjs';
import { EXTRACT_URL, normaliseExtract } from '../support/openapi.js';

const current = JSON.parse(readFileSync(EXTRACT_URL, 'utf8')) as {
  'x-extract': Record<string, unknown>;
  components: { schemas: Record<string, Record<string, unknown>> };
  paths: Record<string, Record<string, Record<string, unknown>>>;
};
const PROSE = 'A SetupIntent guides you through the process of setting up and saving a customer’s payment credentials for future payments.';

/** A miniature spec3.json: two schemas of the extract in their full form, one path with a form body. */
const spec = {
  openapi: '3.0.0',
  info: { version: '2099-01-01.test' },
  components: {
    schemas: {
      setup_intent: { ...current.components.schemas['setup_intent'], description: PROSE },
      setup_intent_payment_method_options: {
        title: 'SetupIntentPaymentMethodOptions',
        type: 'object',
        properties: {
          card: { anyOf: [{ $ref: '#/components/schemas/setup_intent_payment_method_options_card' }] },
        },
      },
    },
  },
  paths: {
    '/v1/setup_intents/{intent}/cancel': {
      post: {
        operationId: 'PostSetupIntentsIntentCancel',
        summary: 'Cancel a SetupIntent',
        description: PROSE,
        requestBody: {
          required: false,
          content: {
            'application/x-www-form-urlencoded': {
              encoding: { expand: { explode: true, style: 'deepObject' } },
              schema: {
                properties: {
                  cancellation_reason: { enum: ['abandoned', 'duplicate', 'requested_by_customer'], maxLength: 5000, type: 'string', description: PROSE },
                  expand: { items: { maxLength: 5000, type: 'string' }, type: 'array' },
                },
                type: 'object',
              },
            },
          },
        },
        responses: { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/setup_intent' } } } } },
      },
    },
  },
};

describe('refreshing the OpenAPI extract', () => {
  const { extract, kept } = refreshExtract(current, spec, 'abc123');
  const refreshed = extract as typeof current;

  it('takes the schemas the spec has, without long prose', () => {
    expect(refreshed.components.schemas['setup_intent']?.['description']).toBeUndefined();
    expect(Object.keys(refreshed.components.schemas['setup_intent']?.['properties'] ?? {})).toEqual(
      Object.keys(current.components.schemas['setup_intent']?.['properties'] ?? {}),
    );
    expect(refreshed.components.schemas['setup_intent_payment_method_options']?.['properties']).toHaveProperty('card');
  });

  it('keeps and lists what the spec lacks', () => {
    expect(refreshed.components.schemas['mandate']).toEqual(current.components.schemas['mandate']);
    expect(kept).toContain('components.schemas.mandate');
    expect(kept).toContain('paths./v1/setup_intents.post');
    expect(kept).not.toContain('paths./v1/setup_intents/{intent}/cancel.post');
  });

  it('flattens a form request body into the extract’s shape', () => {
    const cancel = refreshed.paths['/v1/setup_intents/{intent}/cancel']?.['post'];
    expect(cancel).toEqual({
      operationId: 'PostSetupIntentsIntentCancel',
      summary: 'Cancel a SetupIntent',
      requestBody_required: false,
      encoding_deepObject: ['expand'],
      properties: {
        cancellation_reason: { enum: ['abandoned', 'duplicate', 'requested_by_customer'], maxLength: 5000, type: 'string' },
        expand: { items: { maxLength: 5000, type: 'string' }, type: 'array' },
      },
      responses: { 200: { $ref: '#/components/schemas/setup_intent' } },
    });
  });

  it('records the commit and the API version it came from', () => {
    expect(refreshed['x-extract']['source_commit']).toBe('abc123');
    expect(refreshed['x-extract']['info.version']).toBe('2099-01-01.test');
    expect(refreshed['x-extract']['source_repo']).toBe(current['x-extract']['source_repo']);
  });

  it('still normalises into JSON Schema, full-form options included', () => {
    const { document } = normaliseExtract(extract as Parameters<typeof normaliseExtract>[0]);
    const definitions = (document as { definitions: Record<string, { properties?: Record<string, unknown> }> }).definitions;
    expect(Object.keys(definitions['setup_intent_payment_method_options']?.properties ?? {})).toEqual(['card']);
  });

  it('keeps short descriptions, which carry facts such as defaults', () => {
    expect(trimSchema({ type: 'boolean', description: 'default false' })).toEqual({ type: 'boolean', description: 'default false' });
    expect(trimSchema({ properties: { description: { type: 'string', description: PROSE } } })).toEqual({ properties: { description: { type: 'string' } } });
  });
});
