/// <reference lib="dom" />
// Runs in the browser: served as source text (see served-script.ts), so it must not refer to
// anything outside its own body.

/** The 3D Secure modal over the merchant's page. */
export interface AuthenticationModal {
  /** Removes the modal. */
  readonly close: () => void;
}

/**
 * Shows the emulator's authentication page (`next_action.use_stripe_sdk.stripe_js`) in a modal
 * iframe over the merchant's page. `onLoad` runs each time the iframe loads a page: the page's
 * Complete and Fail buttons post a form, so a load after the first means the customer acted.
 */
export function openAuthenticationModal(url: string, onLoad: () => void): AuthenticationModal {
  const overlay = document.createElement('div');
  overlay.setAttribute('role', 'dialog');
  overlay.setAttribute('aria-modal', 'true');
  overlay.setAttribute('aria-label', '3D Secure authentication');
  overlay.style.cssText =
    'position:fixed;inset:0;z-index:2147483647;display:flex;align-items:center;justify-content:center;background:rgba(15,23,42,.55)';
  const frame = document.createElement('iframe');
  frame.name = 'stripe-challenge-frame';
  frame.title = '3D Secure authentication';
  frame.style.cssText = 'width:min(520px,94vw);height:min(620px,90vh);border:0;border-radius:8px;background:#fff';
  frame.addEventListener('load', onLoad);
  frame.src = url;
  overlay.appendChild(frame);
  document.body.appendChild(overlay);
  return { close: () => overlay.remove() };
}
