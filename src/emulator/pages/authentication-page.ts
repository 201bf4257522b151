import type { CustomerActionOutcome } from '../../operations/complete-customer-action.js';
import type { PaymentMethod } from '../../types/payment-method.js';
import type { PaymentIntent } from '../../types/payment-intent.js';
import type { SetupIntent } from '../../types/setup-intent.js';
import type { RouteOutcome } from '../router.js';
import { html, pageAnswer } from './html.js';
import type { Html } from './html.js';

/** The path the authentication form posts to. */
export function authenticationPath(intentId: string): string {
  return `/hosted/authenticate/${encodeURIComponent(intentId)}`;
}

function cardLine(paymentMethod: PaymentMethod | undefined): Html {
  const card = paymentMethod?.card;
  if (card === undefined) {
    return html``;
  }
  const brand = card.display_brand ?? card.brand;
  const name = brand.length === 0 ? 'Card' : brand.charAt(0).toUpperCase() + brand.slice(1).replace(/_/g, ' ');
  return html`<p>Card: <strong>${name} ending in ${card.last4}</strong></p>`;
}

/** The inputs of {@link authenticationPage}. */
export interface AuthenticationPageInput {
  /** The SetupIntent or PaymentIntent waiting on authentication. */
  readonly intent: Pick<SetupIntent | PaymentIntent, 'id' | 'object'>;
  /** The SetupAttempt (or PaymentIntent authentication, `payatt_…`) the page belongs to. */
  readonly attempt: string;
  /** The PaymentMethod being set up, when stored. */
  readonly paymentMethod: PaymentMethod | undefined;
  /** Where the form's post may redirect to besides the emulator. */
  readonly formTargets: readonly string[];
}

/**
 * The test 3D Secure page: what is being authenticated, and one form with a button to complete
 * and one to fail the authentication.
 */
export function authenticationPage(input: AuthenticationPageInput): RouteOutcome {
  const { intent, attempt } = input;
  return pageAnswer({
    title: 'Authenticate your card',
    formTargets: input.formTargets,
    body: html`<p>This is the emulator's test 3D Secure page. A real bank would ask the customer to confirm it is them;
here you choose how the authentication ends.</p>
${cardLine(input.paymentMethod)}
<p class="note">${intentName(intent)} <code>${intent.id}</code>, attempt <code>${attempt}</code>.</p>
<form method="post" action="${authenticationPath(intent.id)}">
<input type="hidden" name="attempt" value="${attempt}">
<div class="actions">
<button type="submit" name="outcome" value="succeeded">Complete authentication</button>
<button type="submit" name="outcome" value="failed" class="secondary">Fail authentication</button>
</div>
</form>`,
  });
}

function intentName(intent: Pick<SetupIntent | PaymentIntent, 'object'>): string {
  return intent.object === 'payment_intent' ? 'PaymentIntent' : 'SetupIntent';
}

/** The page shown after the customer acted, when the SetupIntent or PaymentIntent has no return URL. */
export function authenticationResultPage(intent: SetupIntent | PaymentIntent, outcome: CustomerActionOutcome): RouteOutcome {
  const error = intent.object === 'payment_intent' ? intent.last_payment_error : intent.last_setup_error;
  return pageAnswer({
    title: outcome === 'succeeded' ? 'Authentication completed' : 'Authentication failed',
    changed: true,
    body: html`<p>The ${intentName(intent)} <code>${intent.id}</code> now has the status <strong>${intent.status}</strong>.</p>
${error === null ? html`` : html`<p class="error">${error.message ?? error.code ?? 'The setup failed.'}</p>`}
<p class="note">You can close this page.</p>`,
  });
}

/** A 303 redirect to the merchant's return URL after the customer acted. */
export function returnRedirect(location: string): RouteOutcome {
  const outcome = pageAnswer({
    status: 303,
    title: 'Returning to the merchant',
    changed: true,
    body: html`<p>Authentication is done; your browser is being sent back to the merchant's site.</p>`,
  });
  return { ...outcome, headers: { ...outcome.headers, location } };
}
