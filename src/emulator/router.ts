import type { CallerAccess } from '../core/access.js';
import type { SetupIntentEnvironment } from '../core/environment.js';
import type { Caller } from './auth.js';
import type { EmulatorClock } from './clock.js';
import type { EmulatorState } from './emulator-state.js';
import type { Answer } from './wire.js';

/** What a route handler gets. */
export interface RouteContext {
  /** The id of the account the request acts on (`acct_default`, `acct_w1`, ...). */
  readonly account: string;
  /** The account's state. */
  readonly state: EmulatorState;
  /** The parsed query string (GET, DELETE) or body (POST). */
  readonly params: Record<string, unknown>;
  /** The named segments of the path (`:intent`). */
  readonly path: Readonly<Record<string, string>>;
  /** The caller's key; `null` on routes without authentication (hosted pages). */
  readonly caller: Caller | null;
  /** The caller as the core's operations take it: key kind, request id, idempotency key. */
  readonly access: CallerAccess;
  /** The core's environment for this request: the store's, answering at the request's API version. */
  readonly env: SetupIntentEnvironment;
  /** The account's clock. */
  readonly clock: EmulatorClock;
  /** The base URL the emulator is reached at (for hosted page links and list `url`s). */
  readonly baseUrl: string;
}

/** A handler's answer, and whether the request changed the state (then it is logged for replay). */
export interface RouteOutcome extends Answer {
  readonly changed: boolean;
}

/** Who may call a route. */
export type RouteAuth = 'secret' | 'publishable' | 'none';

/** One endpoint. */
export interface Route {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** The path with `:name` segments, for example `/v1/setup_intents/:intent/confirm`. */
  readonly pattern: string;
  /** `secret` routes refuse publishable keys; `publishable` routes take both; `none` needs no key. */
  readonly auth: RouteAuth;
  /**
   * The `object` the route answers with (`setup_intent`, `list:setup_intent`), against which
   * `expand[]` is checked before the request runs; `none` takes no expansion.
   */
  readonly renders: string;
  readonly handle: (context: RouteContext) => RouteOutcome;
}

/** A route matched against a path. */
export interface RouteMatch {
  readonly route: Route;
  readonly path: Readonly<Record<string, string>>;
}

interface CompiledRoute {
  readonly route: Route;
  /** Literal segments, or `null` where a named segment goes. */
  readonly segments: readonly (string | null)[];
  readonly names: readonly string[];
}

/** Finds routes by method and path; built once from the route list. */
export interface Router {
  /** The route for a request, or `null`. */
  readonly match: (method: string, path: string) => RouteMatch | null;
  /** Whether any method has a route for this path (for wrong-method answers). */
  readonly knowsPath: (path: string) => boolean;
}

/** Compiles a route list into a {@link Router}. Literal segments win over named ones. */
export function createRouter(routes: readonly Route[]): Router {
  const table = new Map<string, CompiledRoute[]>();
  for (const route of routes) {
    const parts = route.pattern.split('/').slice(1);
    const compiled: CompiledRoute = {
      route,
      segments: parts.map((part) => (part.startsWith(':') ? null : part)),
      names: parts.filter((part) => part.startsWith(':')).map((part) => part.slice(1)),
    };
    const key = `${route.method} ${parts.length}`;
    const list = table.get(key) ?? [];
    list.push(compiled);
    // More literal segments first, so `/v1/setup_intents/:intent` never shadows a literal path.
    list.sort((a, b) => literalCount(b) - literalCount(a));
    table.set(key, list);
  }
  const find = (method: string, parts: readonly string[]): RouteMatch | null => {
    const candidates = table.get(`${method} ${parts.length}`);
    if (candidates === undefined) {
      return null;
    }
    for (const candidate of candidates) {
      const values = matchSegments(candidate, parts);
      if (values !== null) {
        return { route: candidate.route, path: values };
      }
    }
    return null;
  };
  return {
    match: (method, path) => find(method, splitPath(path)),
    knowsPath: (path) => {
      const parts = splitPath(path);
      return ['GET', 'POST', 'DELETE'].some((method) => find(method, parts) !== null);
    },
  };
}

function literalCount(route: CompiledRoute): number {
  return route.segments.filter((segment) => segment !== null).length;
}

function splitPath(path: string): string[] {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.split('/').slice(1);
}

function matchSegments(route: CompiledRoute, parts: readonly string[]): Record<string, string> | null {
  const values: Record<string, string> = {};
  let name = 0;
  for (let i = 0; i < parts.length; i++) {
    const expected = route.segments[i];
    const actual = parts[i] ?? '';
    if (expected === null) {
      if (actual === '') {
        return null;
      }
      let decoded: string;
      try {
        decoded = decodeURIComponent(actual);
      } catch {
        return null;
      }
      values[route.names[name++] ?? ''] = decoded;
    } else if (expected !== actual) {
      return null;
    }
  }
  return values;
}
