import type { CallerAccess } from '../core/access.js';
import type { EmulatorAccounts } from './accounts.js';
import { DEFAULT_ACCOUNT } from './accounts.js';
import { runDueSteps } from './due-steps.js';
import { checkIdempotency, settleIdempotency } from './idempotency.js';
import { loggedKeyDigest } from './logged-request.js';
import type { LoggedOperation } from './logged-request.js';
import type { Router } from './router.js';

/** How a replay went. */
export interface ReplaySummary {
  /** Entries applied. */
  readonly applied: number;
  /** Entries whose answer differed from the logged one (the code changed since they were written). */
  readonly diverged: readonly { readonly index: number; readonly path: string; readonly expected: number; readonly actual: number }[];
}

/**
 * Rebuilds an emulator's accounts from its operation log: each request is handled again by the
 * same route, in the same account, at the same time with the same ids, so the pure core produces
 * the same objects. Entries without an account (older logs) belong to the default account.
 */
export function replayOperations(
  accounts: EmulatorAccounts,
  router: Router,
  useBaseUrl: (url: string | null) => void,
  entries: readonly LoggedOperation[],
): ReplaySummary {
  const diverged: { index: number; path: string; expected: number; actual: number }[] = [];
  entries.forEach((entry, index) => {
    const account = accounts.get(typeof entry.account === 'string' ? entry.account : DEFAULT_ACCOUNT);
    const state = account.state;
    state.time = entry.time;
    accounts.ids.restore(entry.ids);
    if (entry.kind === 'due_steps') {
      runDueSteps(state);
      return;
    }
    useBaseUrl(entry.baseUrl);
    const match = router.match(entry.method, entry.path);
    if (match === null) {
      diverged.push({ index, path: entry.path, expected: entry.status, actual: 404 });
      return;
    }
    const access: CallerAccess = { key: entry.key?.kind ?? 'secret', request: { id: entry.requestId, idempotency_key: entry.idempotencyKey } };
    const slot = entry.idempotencyKey === null || entry.key === null ? null : `${loggedKeyDigest(entry.key)}|${entry.idempotencyKey}`;
    if (slot !== null) {
      checkIdempotency(state, slot, { method: entry.method, path: entry.path, query: '', body: '', header: () => undefined }, entry.params, entry.requestId, entry.time);
    }
    const outcome = match.route.handle({
      account: account.id,
      state,
      params: entry.params,
      path: match.path,
      // Routes read only the kind; the account is the entry's, so the key itself is not needed.
      caller: entry.key === null ? null : { key: 'value' in entry.key ? entry.key.value : entry.key.digest, kind: entry.key.kind },
      access,
      env: account.environmentAt(entry.apiVersion ?? state.store.env.apiVersion),
      clock: account.clock,
      baseUrl: entry.baseUrl,
    });
    if (slot !== null) {
      settleIdempotency(state, slot, outcome);
    }
    if (outcome.status !== entry.status) {
      diverged.push({ index, path: entry.path, expected: entry.status, actual: outcome.status });
    }
  });
  useBaseUrl(null);
  // Events of replayed operations were delivered before the restart.
  for (const account of accounts.all()) {
    account.state.takeNewEvents();
  }
  return { applied: entries.length, diverged };
}
