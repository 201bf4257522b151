import type { CallerAccess } from '../core/access.js';
import { invalidApiVersion, isApiVersion } from '../core/api-versions.js';
import { renderedAt } from '../core/version-view.js';
import type { EmulatorAccount, EmulatorAccounts } from './accounts.js';
import { accountOfKey } from './accounts.js';
import type { Caller } from './auth.js';
import type { BrowserAccess } from './browser-access.js';
import { corsHeadersFor } from './browser-access.js';
import { authenticate, secretKeyRequired } from './auth.js';
import { anyStepDue, runDueSteps } from './due-steps.js';
import { checkExpand } from './expand.js';
import type { FormLimits } from './http/form-params.js';
import { parseFormParams, parseJsonParams } from './http/form-params.js';
import { checkIdempotency, idempotencyKeyOf, settleIdempotency } from './idempotency.js';
import type { LoggedOperation, LoggedRequest } from './logged-request.js';
import type { Route, RouteMatch, RouteOutcome, Router } from './router.js';
import type { Answer, WireRequest, WireResponse } from './wire.js';
import { apiFailure, failure, invalidRequest } from './wire.js';

/** What the dispatcher needs from the emulator around it. */
export interface DispatchDependencies {
  /** The accounts; each request is applied to its caller's. */
  readonly accounts: EmulatorAccounts;
  readonly router: Router;
  readonly baseUrl: () => string;
  readonly limits: FormLimits & { readonly maxBodyBytes: number };
  /** The account's API version: requests without a `Stripe-Version` header are answered with it. */
  readonly apiVersion: string;
  /** Makes a `req_` id. */
  readonly requestId: () => string;
  /** Durably logs an operation (resolves when written); absent for an in-memory emulator. */
  readonly persist?: (entry: LoggedOperation) => Promise<void>;
  /** Called after a request's changes to an account are durable, to deliver its events. */
  readonly afterCommit: (account: EmulatorAccount) => void;
  /** Reports an unexpected failure (a bug): the request is answered 500 and the server goes on. */
  readonly onError: (error: unknown) => void;
  /** Which origins may read answers and frame the 3D Secure page, and which `Host` names served requests may use. */
  readonly browser: BrowserAccess;
}

/**
 * Handles one request end to end. `source.network` is set for requests read off a socket: their
 * `Host` header must name the emulator (a page on a name rebound to loopback is refused).
 * In-process calls (`Emulator.fetch`, the MSW handlers) are not checked: nothing reached them
 * over a network.
 */
export type Dispatch = (request: WireRequest, source?: { readonly network: boolean }) => Promise<WireResponse>;

const JSON_TYPE = 'application/json';

function render(answer: Answer, requestId: string, apiVersion: string, cors: Readonly<Record<string, string>>, extra?: Readonly<Record<string, string>>): WireResponse {
  const text = answer.contentType !== undefined;
  const headers: Record<string, string> = {
    'content-type': text ? (answer.contentType as string) : JSON_TYPE,
    'request-id': requestId,
    'stripe-version': apiVersion,
    'cache-control': 'no-cache, no-store',
  };
  Object.assign(headers, cors);
  if (answer.headers !== undefined) {
    Object.assign(headers, answer.headers);
  }
  if (extra !== undefined) {
    Object.assign(headers, extra);
  }
  return { status: answer.status, headers, body: text ? String(answer.body) : JSON.stringify(answer.body) };
}

/**
 * An error answer with `request_log_url`, its keys in Stripe's (alphabetical) order. The URL has
 * the shape of live Stripe's links to a request in the Dashboard's test-mode logs.
 */
function withRequestLogUrl(answer: Answer, requestId: string, time: number): Answer {
  const body = answer.body as { readonly error?: unknown } | null;
  if (answer.status < 400 || answer.contentType !== undefined || typeof body?.error !== 'object' || body.error === null) {
    return answer;
  }
  const error: Record<string, unknown> = { ...body.error, request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}?t=${time}` };
  const ordered = Object.fromEntries(Object.keys(error).sort().map((key) => [key, error[key]]));
  return { ...answer, body: { ...body, error: ordered } };
}

/** A JSON answer as the request's API version renders it (keys newer versions added left out). */
function atVersion(answer: Answer, version: string): Answer {
  if (answer.contentType !== undefined) return answer;
  const body = renderedAt(answer.body, version);
  return body === answer.body ? answer : { ...answer, body };
}

function unrecognized(method: string, path: string): Answer {
  return invalidRequest(404, `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`);
}

/**
 * A page that says which origins may frame it (the 3D Secure page, shown in a modal by the
 * emulator's Stripe.js) may also be framed by the configured origins.
 */
function withFrameSources(answer: Answer, browser: BrowserAccess): Answer {
  const policy = answer.headers?.['content-security-policy'];
  if (policy === undefined || browser.frameSources.length === 0 || !/frame-ancestors (?!'none')/.test(policy)) {
    return answer;
  }
  const widened = policy.replace(/frame-ancestors ([^;]*)/, (_, sources: string) => `frame-ancestors ${browser.anyOrigin ? '*' : `${sources} ${browser.frameSources.join(' ')}`}`);
  return { ...answer, headers: { ...answer.headers, 'content-security-policy': widened } };
}

/** A request whose `Host` header names neither loopback nor the emulator (DNS rebinding, most likely). */
function hostRefused(host: string): Answer {
  return invalidRequest(
    403,
    `This emulator does not answer requests for the host ${JSON.stringify(host)}: only loopback names and its own. Start it with --allow-host NAME to allow another name.`,
  );
}

/** A CORS preflight from an origin that may not call the emulator. */
function originRefused(origin: string): Answer {
  return invalidRequest(
    403,
    `Browser requests from the origin ${JSON.stringify(origin)} are not allowed: only loopback origins and those given with --allow-origin may call this emulator.`,
  );
}

/** The body exceeds the size limit. */
export function tooLarge(limit: number): Answer {
  return invalidRequest(413, `The request body is larger than the ${limit} bytes this server accepts.`);
}

function parse(request: WireRequest, limits: FormLimits): ReturnType<typeof parseFormParams> {
  if (request.method !== 'POST') {
    return parseFormParams(request.query, limits);
  }
  const type = request.header('content-type') ?? '';
  return type.startsWith(JSON_TYPE) ? parseJsonParams(request.body, limits) : parseFormParams(request.body, limits);
}

/**
 * The account a keyless request (a hosted page) acts on: the one holding an object its path
 * names. Ids are unique across accounts, so at most one does; with none, the default account
 * answers (its page says the object does not exist).
 */
function accountOfPath(accounts: EmulatorAccounts, path: Readonly<Record<string, string>>): EmulatorAccount {
  for (const id of Object.values(path)) {
    const holder = accounts.holding(id);
    if (holder !== undefined) {
      return holder;
    }
  }
  return accounts.default;
}

/**
 * The emulator's request pipeline: size limit, route, key, account, parameters, idempotency, then
 * the route's handler, which applies core operations synchronously to the caller's account. A
 * request that changed the state is logged (when persistence is on) right after, in the same
 * tick, so the log's order is the order of application; the answer waits until the log entry is
 * durable.
 */
export function createDispatcher(deps: DispatchDependencies): Dispatch {
  const { accounts, router, limits } = deps;
  let broken = false;

  const logDueSteps = (account: EmulatorAccount, time: number): Promise<void> | null => {
    const state = account.state;
    if (!anyStepDue(state, time)) {
      return null;
    }
    const ids = state.ids.checkpoint();
    state.time = time;
    const changed = runDueSteps(state);
    return changed.length > 0 && deps.persist !== undefined ? deps.persist({ kind: 'due_steps', time, ids, account: account.id }) : null;
  };

  const run = (account: EmulatorAccount, route: Route, match: RouteMatch, params: Record<string, unknown>, caller: Caller | null, requestId: string, idempotencyKey: string | null, version: string): RouteOutcome => {
    const access: CallerAccess = { key: caller?.kind ?? 'secret', request: { id: requestId, idempotency_key: idempotencyKey } };
    return route.handle({
      account: account.id,
      state: account.state,
      params,
      path: match.path,
      caller,
      access,
      env: account.environmentAt(version),
      clock: account.clock,
      baseUrl: deps.baseUrl(),
    });
  };

  interface Responded {
    readonly answer: Answer;
    readonly extra?: Record<string, string>;
    /** The API version the request names, once it is known to be valid. */
    readonly version?: string;
    /** The account the request was applied to, once it is known. */
    readonly account?: EmulatorAccount;
  }

  const respond = async (request: WireRequest, requestId: string): Promise<Responded> => {
    if (Buffer.byteLength(request.body) > limits.maxBodyBytes) {
      return { answer: tooLarge(limits.maxBodyBytes) };
    }
    const match = router.match(request.method, request.path);
    if (match === null) {
      return { answer: unrecognized(request.method, request.path) };
    }
    const route = match.route;
    let caller: Caller | null = null;
    if (route.auth !== 'none') {
      const authentication = authenticate(request.header('authorization'));
      if (!authentication.ok) {
        return { answer: authentication.answer };
      }
      caller = authentication.caller;
      if (caller.kind === 'publishable' && route.auth === 'secret') {
        return { answer: secretKeyRequired() };
      }
    }
    const named = route.auth === 'none' ? undefined : request.header('stripe-version')?.trim();
    if (named !== undefined && named !== '' && !isApiVersion(named)) {
      return { answer: failure(invalidApiVersion(named)) };
    }
    const version = named === undefined || named === '' ? deps.apiVersion : named;
    const account = caller === null ? accountOfPath(accounts, match.path) : accounts.get(accountOfKey(caller.key));
    const { state, clock } = account;
    const parsed = parse(request, limits);
    if (!parsed.ok) {
      return { answer: failure(parsed.error), version, account };
    }
    if (route.auth !== 'none') {
      const badExpand = checkExpand(route.renders, parsed.params['expand'], caller?.kind);
      if (badExpand !== null) {
        return { answer: failure(badExpand), version, account };
      }
    }
    const mutating = request.method !== 'GET';
    // Reads too: what they would show may include changes the file lacks, which a restart loses.
    if (broken) {
      return {
        answer: apiFailure('The emulator could not write its data file, so what it holds may not survive a restart; it answers no more requests. Restart it.'),
        version,
        account,
      };
    }
    const idempotency = mutating && caller !== null ? idempotencyKeyOf(request.header('idempotency-key')) : null;
    if (idempotency !== null && !idempotency.ok) {
      return { answer: idempotency.answer, version, account };
    }
    const idempotencyKey = idempotency?.key ?? null;
    const slot = idempotencyKey === null || caller === null ? null : `${caller.key}|${idempotencyKey}`;
    if (slot !== null) {
      const seen = checkIdempotency(state, slot, request, parsed.params, requestId, clock.now());
      if (seen !== null) {
        return { ...seen, version, account };
      }
    }

    // From here to the log append nothing awaits: the request is applied and logged in one tick.
    const time = clock.now();
    const dueWrite = logDueSteps(account, time);
    state.time = time;
    const ids = state.ids.checkpoint();
    let outcome: RouteOutcome;
    try {
      outcome = run(account, route, match, parsed.params, caller, requestId, idempotencyKey, version);
    } catch (error) {
      deps.onError(error);
      if (slot !== null) {
        state.idempotency.delete(slot);
      }
      return { answer: apiFailure('An unexpected error occurred in the emulator.'), version, account };
    }
    let write = dueWrite;
    if (outcome.changed && deps.persist !== undefined) {
      const entry: LoggedRequest = {
        kind: 'request',
        time,
        ids,
        method: request.method,
        path: request.path,
        params: parsed.params,
        key: caller === null ? null : { value: caller.key, kind: caller.kind },
        requestId,
        idempotencyKey,
        status: outcome.status,
        baseUrl: deps.baseUrl(),
        apiVersion: version,
        account: account.id,
      };
      const entryWrite = deps.persist(entry);
      write = dueWrite === null ? entryWrite : Promise.all([dueWrite, entryWrite]).then(() => undefined);
    }
    if (write !== null) {
      try {
        await write;
      } catch (error) {
        broken = true;
        deps.onError(error);
        if (slot !== null) {
          state.idempotency.delete(slot);
        }
        return { answer: apiFailure('The emulator could not write its data file; this request may not survive a restart.'), version, account };
      }
    }
    deps.afterCommit(account);
    if (slot !== null) {
      settleIdempotency(state, slot, outcome);
    }
    return { answer: outcome, version, account, ...(idempotencyKey === null ? {} : { extra: { 'idempotency-key': idempotencyKey } }) };
  };

  const { browser } = deps;
  return async (request, source) => {
    const requestId = deps.requestId();
    let cors: Record<string, string> = {};
    try {
      const origin = request.header('origin');
      cors = corsHeadersFor(browser, origin);
      const host = request.header('host');
      if (source?.network === true && !browser.hostAllowed(host)) {
        return render(hostRefused(host ?? ''), requestId, deps.apiVersion, {});
      }
      if (request.method === 'OPTIONS') {
        if (origin !== undefined && cors['access-control-allow-origin'] === undefined) {
          return render(originRefused(origin), requestId, deps.apiVersion, cors);
        }
        return {
          status: 204,
          headers: {
            ...cors,
            'access-control-allow-methods': 'GET, POST, DELETE',
            'access-control-allow-headers': 'Authorization, Content-Type, Idempotency-Key, Stripe-Version, Stripe-Account',
            'request-id': requestId,
          },
          body: '',
        };
      }
      const { answer, extra, version, account } = await respond(request, requestId);
      // Errors of requests that got past the version check link to their request log, as live Stripe's do.
      const logged = version === undefined ? answer : withRequestLogUrl(atVersion(answer, version), requestId, (account ?? accounts.default).clock.now());
      return render(withFrameSources(logged, browser), requestId, version ?? deps.apiVersion, cors, extra);
    } catch (error) {
      deps.onError(error);
      return render(apiFailure('An unexpected error occurred in the emulator.'), requestId, deps.apiVersion, cors);
    }
  };
}
