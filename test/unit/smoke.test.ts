import { describe, expect, it } from 'vitest';
import { confirmSetupIntent, createMemoryStore, createSetupIntent } from '../../src/index.js';

describe('smoke', () => {
  it('confirm with pm_card_visa succeeds', () => {
    const store = createMemoryStore();
    const created = store.apply(createSetupIntent({ payment_method_types: ['card'] }, store.env));
    expect(created.kind).toBe('applied');
    if (created.kind === 'refused') return;
    const confirmed = store.apply(confirmSetupIntent(created.record, { payment_method: 'pm_card_visa' }, store.env));
    expect(confirmed.kind).toBe('applied');
    if (confirmed.kind === 'refused') return;
    expect(confirmed.record.intent.status).toBe('succeeded');
  });
});
