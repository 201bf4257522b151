// A merchant's site on its own origin for the Stripe.js browser tests: a node:http server that
// answers the pages it is given, and a page that records what it is sent to (`/return`).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running merchant site. */
export interface MerchantSite {
  /** Its origin, `http://localhost:<port>`: another origin than the emulator's `127.0.0.1`. */
  readonly url: string;
  /** Serves `html` at `path` (without query) from now on. */
  readonly serve: (path: string, html: string) => void;
  /** Stops the server. */
  readonly close: () => Promise<void>;
}

/** Starts a merchant site on an ephemeral loopback port. */
export async function startMerchantSite(): Promise<MerchantSite> {
  const pages = new Map<string, string>();
  const server = createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    const page = pages.get(pathname) ?? (pathname === '/return' ? '<!doctype html><html lang="en"><title>Returned</title><h1>Back at the merchant</h1></html>' : undefined);
    response.writeHead(page === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page ?? 'Not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    serve: (path, html) => pages.set(path, html),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// Every Stripe.js result lands in window.results and, as text, in #result.
const RECORDER = `
window.results = [];
function show(result) {
  window.results.push(result);
  const text = result.error
    ? 'Error: ' + (result.error.message || result.error.code)
    : 'Status: ' + result.setupIntent.status + (result.setupIntent.next_action ? ' (' + result.setupIntent.next_action.type + ')' : '');
  document.getElementById('result').textContent = text;
}`;

/**
 * A checkout page that mounts a card Element and, on "Save card", calls
 * `stripe.confirmCardSetup(clientSecret, { payment_method: { card } })` with the `client_secret`
 * of its query string.
 */
export function cardSetupPage(scriptSrc: string, publishableKey: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Save a card</title><script src="${scriptSrc}"></script></head>
<body>
<h1>Save a card</h1>
<form id="setup">
<div id="card-element"></div>
<button type="submit">Save card</button>
</form>
<p id="result" role="status"></p>
<script>
${RECORDER}
const clientSecret = new URLSearchParams(window.location.search).get('client_secret');
const stripe = Stripe(${JSON.stringify(publishableKey)});
const card = stripe.elements().create('card');
card.on('ready', () => { document.body.dataset.ready = 'true'; });
card.mount('#card-element');
document.getElementById('setup').addEventListener('submit', async (event) => {
  event.preventDefault();
  show(await stripe.confirmCardSetup(clientSecret, { payment_method: { card, billing_details: { name: 'Jenny Rosen' } } }));
});
</script>
</body>
</html>
`;
}

/**
 * A checkout page with the Payment Element: "Save" calls `stripe.confirmSetup` with
 * `redirect: 'if_required'`, and "Verify microdeposits" calls `verifyMicrodepositsForSetup` with
 * Stripe's test amounts.
 */
export function paymentSetupPage(scriptSrc: string, publishableKey: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Save a payment method</title><script src="${scriptSrc}"></script></head>
<body>
<h1>Save a payment method</h1>
<form id="setup">
<div id="payment-element"></div>
<button type="submit">Save</button>
</form>
<button type="button" id="verify">Verify microdeposits</button>
<p id="result" role="status"></p>
<script>
${RECORDER}
const clientSecret = new URLSearchParams(window.location.search).get('client_secret');
const stripe = Stripe(${JSON.stringify(publishableKey)});
const elements = stripe.elements({ clientSecret });
const payment = elements.create('payment');
payment.on('ready', () => { document.body.dataset.ready = 'true'; });
payment.mount('#payment-element');
document.getElementById('setup').addEventListener('submit', async (event) => {
  event.preventDefault();
  show(await stripe.confirmSetup({ elements, confirmParams: { return_url: window.location.origin + '/return' }, redirect: 'if_required' }));
});
document.getElementById('verify').addEventListener('click', async () => {
  show(await stripe.verifyMicrodepositsForSetup(clientSecret, { amounts: [32, 45] }));
});
</script>
</body>
</html>
`;
}
