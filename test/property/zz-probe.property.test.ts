import fc from 'fast-check';
import { it } from 'vitest';
import { createFixture, nearlyValidRequestArb, wire } from '../support/emulator-arbitraries.js';
it('probe', async () => {
  const f = await createFixture();
  const counts = new Map<number, number>();
  for (const spec of fc.sample(nearlyValidRequestArb(f.ids), 2000)) {
    const fx = await createFixture();
    const a = await fx.emulator.handle(wire(spec));
    counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
  }
  console.log([...counts].sort());
});
