import { Html, html } from '../pages/html.js';

/** The Elements the emulator serves an iframe page for. */
export type ElementFrameKind = 'card' | 'payment';

/** The path of an Element's iframe page. */
export function elementFramePath(kind: ElementFrameKind): string {
  return `/js/v3/elements-inner-${kind}.html`;
}

/** The path of the script every Element iframe page runs. */
export const ELEMENT_FRAME_SCRIPT_PATH = '/js/v3/elements-inner.js';

/**
 * The Content-Security-Policy of an Element's iframe page: its own script and API calls to the
 * emulator only; any page may frame it, as any merchant page may mount an Element.
 */
export const ELEMENT_FRAME_CSP = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const STYLE = `
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.4 system-ui, sans-serif; color: #1a1a1a; background: transparent; }
main { padding: 2px; }
.row { display: flex; gap: 6px; }
.row input[name="cardnumber"] { flex: 3 1 10rem; }
.row input { flex: 1 1 4rem; min-width: 0; }
input { font: inherit; padding: 8px 10px; border: 1px solid #8a9099; border-radius: 5px; width: 100%; background: #fff; color: inherit; }
input:focus { outline: 2px solid #1d4ed8; outline-offset: 0; }
label { display: block; margin-top: 8px; font-size: 13px; font-weight: 600; }
label input { margin-top: 3px; font-weight: 400; }
[role="tablist"] { display: flex; gap: 6px; }
[role="tab"] { font: inherit; flex: 1; padding: 8px; border: 1px solid #8a9099; border-radius: 5px; background: #fff; color: inherit; cursor: pointer; }
[role="tab"][aria-selected="true"] { border-color: #1d4ed8; box-shadow: 0 0 0 1px #1d4ed8; color: #1d4ed8; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 0 8px; }
.note { font-size: 12px; color: #4a4f57; margin: 8px 0 0; }
[hidden] { display: none !important; }
`;

function cardInputs(): Html {
  return html`<div class="row">
<input name="cardnumber" autocomplete="cc-number" inputmode="numeric" aria-label="Credit or debit card number" placeholder="Card number">
<input name="exp-date" autocomplete="cc-exp" inputmode="numeric" aria-label="Credit or debit card expiration date" placeholder="MM / YY">
<input name="cvc" autocomplete="cc-csc" inputmode="numeric" aria-label="Credit or debit card CVC/CVV" placeholder="CVC">
<input name="postal" autocomplete="postal-code" aria-label="ZIP" placeholder="ZIP">
</div>`;
}

function tab(type: string, label: string, selected: boolean): Html {
  return html`<button type="button" role="tab" id="tab-${type}" data-type="${type}" aria-controls="panel-${type}" aria-selected="${selected ? 'true' : 'false'}">${label}</button>`;
}

function paymentInputs(): Html {
  return html`<div role="tablist" aria-label="Payment method">
${tab('card', 'Card', true)}
${tab('sepa_debit', 'SEPA Debit', false)}
${tab('us_bank_account', 'US bank account', false)}
</div>
<div class="billing" hidden>
<label>Full name <input name="name" autocomplete="name"></label>
<label>Email <input name="email" type="email" autocomplete="email"></label>
</div>
<div role="tabpanel" id="panel-card" data-type="card" aria-labelledby="tab-card">
<label>Card number <input name="number" id="Field-numberInput" autocomplete="cc-number" inputmode="numeric" placeholder="1234 1234 1234 1234"></label>
<div class="grid">
<label>Expiration date <input name="expiry" id="Field-expiryInput" autocomplete="cc-exp" inputmode="numeric" placeholder="MM / YY"></label>
<label>Security code <input name="cvc" id="Field-cvcInput" autocomplete="cc-csc" inputmode="numeric" placeholder="CVC"></label>
</div>
<label>Postal code <input name="postalCode" id="Field-postalCodeInput" autocomplete="postal-code"></label>
</div>
<div role="tabpanel" id="panel-sepa_debit" data-type="sepa_debit" aria-labelledby="tab-sepa_debit" hidden>
<label>IBAN <input name="iban" id="Field-ibanInput" autocomplete="off" placeholder="DE00 0000 0000 0000 0000 00"></label>
<p class="note">Confirming authorises the merchant to debit this account by SEPA Direct Debit (a test mandate of the emulator).</p>
</div>
<div role="tabpanel" id="panel-us_bank_account" data-type="us_bank_account" aria-labelledby="tab-us_bank_account" hidden>
<div class="grid">
<label>Routing number <input name="routingNumber" inputmode="numeric" autocomplete="off"></label>
<label>Account number <input name="accountNumber" inputmode="numeric" autocomplete="off"></label>
</div>
<p class="note">The emulator verifies this account with microdeposits, as for manually entered details.</p>
</div>`;
}

/**
 * The page inside an Element's iframe: the inputs (with Stripe's names: `cardnumber`, `exp-date`,
 * `cvc`, `postal` for the card Element), and the script that talks to the merchant page by
 * `postMessage` and creates PaymentMethods, so card and bank details stay in the iframe.
 */
export function elementFramePage(kind: ElementFrameKind): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${kind === 'card' ? 'Secure card input' : 'Secure payment input'} - Stripe emulator</title>
<style>${new Html(STYLE)}</style>
</head>
<body data-element="${kind}">
<main>
${kind === 'card' ? cardInputs() : paymentInputs()}
</main>
<script src="${ELEMENT_FRAME_SCRIPT_PATH}"></script>
</body>
</html>
`.text;
}
