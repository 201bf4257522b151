import fc from 'fast-check';
import { it } from 'vitest';
import { createFixture, anyRequestArb, wire, snapshot, refusalMayChangeState, wireEnvelopeProblem, SENTINEL } from '../support/emulator-arbitraries.js';
it('probe', async () => {
  const f = await createFixture();
  const found = new Map<string, string>();
  const familyCount = new Map<string, number>();
  for (const spec of fc.sample(anyRequestArb(f.ids), 30000)) {
    const fx = await createFixture();
    const before = snapshot(fx.emulator);
    let a;
    try { a = await fx.emulator.handle(wire(spec)); } catch (e) { found.set('THROW ' + String(e), JSON.stringify(spec).slice(0, 400)); continue; }
    const after = snapshot(fx.emulator);
    const pathKey = spec.path.replace(/(seti|pm|cus|we|evt|mandate)_[A-Za-z0-9]+/g, '$1_X').slice(0, 80);
    if (a.status >= 500) found.set(`5xx ${pathKey} ${a.body.slice(0, 80)}`, JSON.stringify(spec).slice(0, 600));
    if (fx.logs.length) found.set(`LOG ${fx.logs[0]?.slice(0, 100)}`, JSON.stringify(spec).slice(0, 600));
    if ((a.status < 200 || a.status >= 300) && wireEnvelopeProblem(a) !== null) found.set(`ENV ${a.status} ${wireEnvelopeProblem(a)}`, JSON.stringify(spec).slice(0, 600));
    if (a.status >= 400 && !refusalMayChangeState(spec, a) && before !== after) {
      const msg = (JSON.parse(a.body).error?.message ?? '').replace(/'[^']*'|pm_\w+|seti_\w+|\(.*\)/g, '?').slice(0, 60);
      if (/expand/.test(msg) || /pm_card_|pm_X_/.test(pathKey) || /cannot be expanded|more than 4 levels/.test(a.body)) { familyCount.set(/pm_X_/.test(pathKey) ? 'B' : 'A', (familyCount.get(/pm_X_/.test(pathKey) ? 'B' : 'A') ?? 0) + 1); continue; }
      found.set(`STATE ${spec.method} ${pathKey} ${a.status} ${msg}`, JSON.stringify(spec).slice(0, 600));
    }
    if (SENTINEL in {}) found.set('POLLUTED', JSON.stringify(spec));
  }
  console.log('families', [...familyCount]);
  for (const [k, v] of found) console.log(k, '\n   ', v);
});
