/** What one delivery attempt came to. */
export interface AttemptOutcome {
  /** The HTTP status the endpoint answered, or `null` when no answer came. */
  readonly status: number | null;
  /** Whether the endpoint acknowledged the event with a 2xx status. */
  readonly ok: boolean;
  /** Why the attempt failed; absent on success. */
  readonly error?: string;
}

/** One signed POST of an event to an endpoint. */
export interface WebhookRequest {
  /** The endpoint URL. */
  readonly url: string;
  /** The exact body the signature was computed over. */
  readonly body: string;
  /** The request headers, signature included. */
  readonly headers: Readonly<Record<string, string>>;
  /** How long the whole attempt (answer and body) may take, in real milliseconds. */
  readonly timeoutMs: number;
  /** The `fetch` implementation to send with. */
  readonly fetch: typeof fetch;
  /** Aborts the attempt from outside, for example when the deliverer closes. */
  readonly cancel: AbortSignal;
}

type AbortCause = 'timeout' | 'canceled';

/** Describes a thrown value, with the system error code of its cause when there is one. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  const cause: unknown = error.cause;
  if (cause instanceof Error) {
    const code: unknown = (cause as { code?: unknown }).code;
    return `${error.message}: ${typeof code === 'string' ? code : cause.message}`;
  }
  return error.message;
}

/** Turns a status into an outcome: only 2xx acknowledges an event, redirects included. */
function outcomeOf(status: number): AttemptOutcome {
  return status >= 200 && status < 300 ? { status, ok: true } : { status, ok: false, error: `HTTP ${status}` };
}

/**
 * Sends one webhook attempt and reports how it went; it never rejects.
 *
 * @remarks Redirects are not followed (Stripe treats a 3xx as a failed delivery). The timeout
 * runs on the real clock because it bounds real socket I/O, whatever clock schedules retries.
 */
export async function postWebhook(request: WebhookRequest): Promise<AttemptOutcome> {
  const controller = new AbortController();
  let cause: AbortCause | undefined;
  let rejectAborted: (reason: unknown) => void = () => undefined;
  // A `fetch` that ignores its signal must not hold the attempt open past the timeout.
  const aborted = new Promise<never>((_, reject) => {
    rejectAborted = reject;
  });
  aborted.catch(() => undefined);
  const abort = (why: AbortCause): void => {
    if (cause === undefined) {
      cause = why;
      controller.abort();
      rejectAborted(new Error(why));
    }
  };
  const onCancel = (): void => abort('canceled');
  const timer = setTimeout(() => abort('timeout'), request.timeoutMs);
  timer.unref();
  if (request.cancel.aborted) {
    abort('canceled');
  } else {
    request.cancel.addEventListener('abort', onCancel, { once: true });
  }
  try {
    const response = await Promise.race([
      request.fetch(request.url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        redirect: 'manual',
        signal: controller.signal,
      }),
      aborted,
    ]);
    // Reading the answer frees the connection for reuse; its content does not matter.
    await Promise.race([response.arrayBuffer(), aborted]).catch(() => undefined);
    return outcomeOf(response.status);
  } catch (error) {
    if (cause === 'timeout') {
      return { status: null, ok: false, error: `timed out after ${request.timeoutMs} ms` };
    }
    if (cause === 'canceled') {
      return { status: null, ok: false, error: 'canceled: the deliverer was closed' };
    }
    return { status: null, ok: false, error: describeError(error) };
  } finally {
    clearTimeout(timer);
    request.cancel.removeEventListener('abort', onCancel);
  }
}
