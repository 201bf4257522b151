import type { RouteOutcome } from '../router.js';

/** Markup that is already safe to send: built by {@link html}, never from raw input. */
export class Html {
  /** The markup. */
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  toString(): string {
    return this.text;
  }
}

/** What a {@link html} template may interpolate: text (escaped), numbers, or markup built by {@link html}. */
export type HtmlValue = Html | string | number | readonly Html[];

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for use in HTML content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/**
 * Builds markup from a template, escaping every interpolated string or number; only {@link Html}
 * values (and arrays of them) are inserted as they are.
 *
 * @example
 * html`<p>${'<b>'}</p>`.text; // '<p>&lt;b&gt;</p>'
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let text = strings[0] ?? '';
  values.forEach((value, index) => {
    text += render(value) + (strings[index + 1] ?? '');
  });
  return new Html(text);
}

function render(value: HtmlValue): string {
  if (value instanceof Html) {
    return value.text;
  }
  if (typeof value === 'string') {
    return escapeHtml(value);
  }
  if (typeof value === 'number') {
    return escapeHtml(String(value));
  }
  return value.map((part) => part.text).join('');
}

/** The content type of every hosted page. */
export const HTML_CONTENT_TYPE = 'text/html; charset=utf-8';

/**
 * The Content-Security-Policy of a hosted page: nothing loads but inline styles, and forms may post
 * only to the emulator and to `formTargets` (sources such as `https://shop.example`).
 *
 * @remarks Chromium applies `form-action` to the redirects that follow a form post, so the origin a
 * page redirects to after its form is submitted must be listed.
 */
export function contentSecurityPolicy(formTargets: readonly string[] | 'none'): string {
  const formAction = formTargets === 'none' ? "'none'" : ["'self'", ...formTargets].join(' ');
  return `default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action ${formAction}; frame-ancestors 'none'`;
}

/**
 * The pages a merchant's page on a loopback origin may frame (any port). CSP sources cannot name
 * an IPv6 address, so `[::1]` pages cannot; the dispatcher adds the configured origins.
 */
const LOOPBACK_FRAME_ANCESTORS = ["'self'", 'http://localhost:*', 'https://localhost:*', 'http://127.0.0.1:*', 'https://127.0.0.1:*', 'http://*.localhost:*', 'https://*.localhost:*'];

/**
 * The same page, made embeddable by merchant pages on loopback origins: the emulator's Stripe.js
 * shows the 3D Secure page in a modal iframe there. Every other page refuses to be framed.
 */
export function embeddable(outcome: RouteOutcome): RouteOutcome {
  const headers: Record<string, string> = { ...outcome.headers };
  delete headers['x-frame-options'];
  const policy = headers['content-security-policy'];
  if (policy !== undefined) {
    headers['content-security-policy'] = policy.replace("frame-ancestors 'none'", `frame-ancestors ${LOOPBACK_FRAME_ANCESTORS.join(' ')}`);
  }
  return { ...outcome, headers };
}

const STYLE = `
body { font: 16px/1.5 system-ui, sans-serif; color: #1a1a1a; background: #f6f7f9; margin: 0; }
main { max-width: 34rem; margin: 2rem auto; padding: 1.5rem 2rem; background: #fff; border: 1px solid #d0d4da; border-radius: 8px; }
h1 { font-size: 1.5rem; margin-top: 0; }
.badge { display: inline-block; font-size: .8rem; padding: .1rem .5rem; border-radius: 4px; background: #fff3cd; color: #5c4400; }
.note { color: #444; font-size: .9rem; }
.error { color: #8a1c1c; background: #fdecec; border: 1px solid #e8b4b4; padding: .5rem .75rem; border-radius: 4px; }
.actions { display: flex; gap: .75rem; flex-wrap: wrap; margin-top: 1rem; }
button { font: inherit; padding: .5rem 1rem; border-radius: 6px; border: 1px solid #1d4ed8; background: #1d4ed8; color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: #8a1c1c; border-color: #8a1c1c; }
label { display: block; margin-top: .75rem; font-weight: 600; }
input { font: inherit; padding: .4rem .5rem; border: 1px solid #767676; border-radius: 4px; width: 10rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
code { overflow-wrap: anywhere; }
`;

/** What a hosted page answer is made of. */
export interface PageOptions {
  /** The HTTP status (200 unless set). */
  readonly status?: number;
  /** The document title and main heading. */
  readonly title: string;
  /** The markup below the heading. */
  readonly body: Html;
  /** Where the page's forms may post or redirect to besides the emulator; `'none'` for a page without forms. */
  readonly formTargets?: readonly string[] | 'none';
  /** Whether the request changed the emulator's state. */
  readonly changed?: boolean;
}

/** A whole HTML document: language, title, one heading, the test-mode badge, and `body`. */
export function layout(title: string, body: Html): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} - Stripe emulator</title>
<style>${new Html(STYLE)}</style>
</head>
<body>
<main>
<p><span class="badge">Test mode: SetupIntents emulator</span></p>
<h1>${title}</h1>
${body}
</main>
</body>
</html>
`;
}

/** A hosted page as a route's answer: HTML with a strict Content-Security-Policy. */
export function pageAnswer(options: PageOptions): RouteOutcome {
  return {
    status: options.status ?? 200,
    body: layout(options.title, options.body).text,
    contentType: HTML_CONTENT_TYPE,
    headers: {
      'content-security-policy': contentSecurityPolicy(options.formTargets ?? 'none'),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      // For browsers without CSP frame-ancestors; `embeddable` drops it for the 3D Secure page.
      'x-frame-options': 'DENY',
    },
    changed: options.changed ?? false,
  };
}

/** A page with a heading and one message, for unknown objects and links that no longer apply. */
export function messagePage(status: number, title: string, message: string): RouteOutcome {
  return pageAnswer({ status, title, body: html`<p>${message}</p>` });
}

/** A unix time as a readable UTC date and time (`2026-01-31 14:05 UTC`). */
export function formatTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  // A time Date cannot represent (beyond ±275 760 years, or not a number) is shown as given.
  if (!Number.isFinite(date.getTime())) {
    return `${String(seconds)} (unix time)`;
  }
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
