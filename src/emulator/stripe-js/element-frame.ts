/// <reference lib="dom" />
// Runs in an Element's iframe (element-frame-page.ts): served as source text (see
// served-script.ts), so it must not refer to anything outside its own body.
import type { createBrowserWire } from './wire.js';
import type {
  ElementFrameConfig,
  FromElementFrame,
  StripeJsBillingDetails,
  StripeJsCardChangeEvent,
  StripeJsError,
  StripeJsPaymentChangeEvent,
  StripeJsPaymentMethodResult,
  ToElementFrame,
} from './stripe-js-types.js';

/** A message to the merchant page, before the iframe's name is added. */
type Outgoing = FromElementFrame extends infer M ? (M extends unknown ? Omit<M, 'frame'> : never) : never;

/**
 * Wires up an Element's inputs: reads the merchant page's origin and the publishable key from the
 * URL fragment, reports `ready`, `change`, `focus`, `blur` and the page's height to the merchant
 * page, and on request validates the inputs or creates the PaymentMethod with
 * `POST /v1/payment_methods`, answering with the PaymentMethod (never the raw details) or an error.
 */
export function runElementFrame(createWire: typeof createBrowserWire): void {
  const config = JSON.parse(decodeURIComponent(window.location.hash.slice(1))) as ElementFrameConfig;
  const kind = document.body.dataset['element'] === 'payment' ? 'payment' : 'card';
  const wire = createWire(window.location.origin, config.key);
  // A page opened from a file has an opaque origin ("null", or "file://" in Chromium), which
  // postMessage cannot target: such a page is answered with "*" and its messages are not filtered.
  const opaque = !/^https?:\/\//.test(config.origin);
  const target = opaque ? '*' : config.origin;
  const tell = (message: Outgoing): void => window.parent.postMessage({ ...message, frame: config.frame }, target);
  const field = (name: string): HTMLInputElement | null => document.querySelector<HTMLInputElement>(`input[name="${name}"]`);
  const valueOf = (name: string): string => field(name)?.value.trim() ?? '';
  const digitsOf = (name: string): string => valueOf(name).replace(/\D/g, '');
  const names = kind === 'card' ? { number: 'cardnumber', expiry: 'exp-date', cvc: 'cvc', postal: 'postal' } : { number: 'number', expiry: 'expiry', cvc: 'cvc', postal: 'postalCode' };
  let options: Record<string, unknown> = { ...config.options };
  let selected = 'card';

  const invalid = (code: string, message: string): StripeJsError => ({ type: 'validation_error', code, message });
  const passesLuhn = (digits: string): boolean => {
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let digit = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) {
        digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      }
      sum += digit;
    }
    return sum % 10 === 0;
  };
  const expiry = (): { readonly month: number; readonly year: number } | null => {
    const digits = digitsOf(names.expiry);
    if (digits.length !== 4 && digits.length !== 6) {
      return null;
    }
    const month = Number(digits.slice(0, 2));
    const year = Number(digits.slice(2));
    return month >= 1 && month <= 12 ? { month, year: year < 100 ? 2000 + year : year } : null;
  };
  const shown = (input: HTMLInputElement | null): input is HTMLInputElement => input !== null && input.closest('[hidden]') === null;
  const postalShown = (): boolean => shown(field(names.postal));

  const cardProblem = (): StripeJsError | null => {
    const number = digitsOf(names.number);
    if (number.length < 12) {
      return invalid('incomplete_number', 'Your card number is incomplete.');
    }
    if (!passesLuhn(number)) {
      return invalid('invalid_number', 'Your card number is invalid.');
    }
    const date = expiry();
    if (date === null) {
      return invalid('incomplete_expiry', "Your card's expiration date is incomplete.");
    }
    const now = new Date();
    if (date.year < now.getFullYear() || (date.year === now.getFullYear() && date.month < now.getMonth() + 1)) {
      return invalid('invalid_expiry_year_past', "Your card's expiration date is in the past.");
    }
    if (digitsOf(names.cvc).length < 3) {
      return invalid('incomplete_cvc', "Your card's security code is incomplete.");
    }
    if (postalShown() && valueOf(names.postal) === '') {
      return invalid('incomplete_zip', 'Your postal code is incomplete.');
    }
    return null;
  };
  const billingProblem = (): StripeJsError | null =>
    valueOf('name') === '' ? invalid('incomplete_name', 'Your full name is incomplete.') : valueOf('email') === '' ? invalid('incomplete_email', 'Your email address is incomplete.') : null;
  const problem = (): StripeJsError | null => {
    if (kind === 'card' || selected === 'card') {
      return cardProblem();
    }
    if (selected === 'sepa_debit') {
      return valueOf('iban').replace(/\s/g, '').length < 15 ? invalid('incomplete_iban', 'Your IBAN is incomplete.') : billingProblem();
    }
    if (digitsOf('routingNumber').length !== 9) {
      return invalid('incomplete_routing_number', 'Your routing number is incomplete.');
    }
    return digitsOf('accountNumber').length < 4 ? invalid('incomplete_account_number', 'Your account number is incomplete.') : billingProblem();
  };

  const brand = (): StripeJsCardChangeEvent['brand'] => {
    const number = digitsOf(names.number);
    if (/^4/.test(number)) return 'visa';
    if (/^(5[1-5]|2[2-7])/.test(number)) return 'mastercard';
    if (/^3[47]/.test(number)) return 'amex';
    if (/^6/.test(number)) return 'discover';
    return 'unknown';
  };
  const changeEvent = (): StripeJsCardChangeEvent | StripeJsPaymentChangeEvent => {
    const found = problem();
    const empty = Array.from(document.querySelectorAll<HTMLInputElement>('input')).every((input) => !shown(input) || input.value === '');
    // Like Stripe.js, an incomplete input is not an error until it can no longer become valid.
    const error = found !== null && found.code?.startsWith('invalid') === true ? { type: 'validation_error' as const, code: found.code, message: found.message ?? '' } : undefined;
    return kind === 'card'
      ? { elementType: 'card', empty, complete: found === null, error, brand: brand(), value: { postalCode: valueOf(names.postal) } }
      : { elementType: 'payment', empty, complete: found === null, collapsed: false, value: { type: selected } };
  };

  const billingDetails = (given: StripeJsBillingDetails | undefined): StripeJsBillingDetails => {
    const collected: Record<string, unknown> = {};
    if (kind === 'payment' && selected !== 'card') {
      collected['name'] = valueOf('name');
      collected['email'] = valueOf('email');
    }
    const postal = (kind === 'card' || selected === 'card') && postalShown() ? valueOf(names.postal) : '';
    const address = { ...(postal === '' ? {} : { postal_code: postal }), ...given?.address };
    return { ...collected, ...given, ...(Object.keys(address).length === 0 ? {} : { address }) };
  };
  const createPaymentMethod = async (given: StripeJsBillingDetails | undefined): Promise<StripeJsPaymentMethodResult> => {
    const found = problem();
    if (found !== null) {
      return { error: found };
    }
    const billing_details = billingDetails(given);
    const type = kind === 'card' ? 'card' : selected;
    const date = expiry();
    const details: Record<string, unknown> =
      type === 'card'
        ? { card: { number: digitsOf(names.number), exp_month: date?.month, exp_year: date?.year, cvc: digitsOf(names.cvc) } }
        : type === 'sepa_debit'
          ? { sepa_debit: { iban: valueOf('iban').replace(/\s/g, '').toUpperCase() } }
          : { us_bank_account: { routing_number: digitsOf('routingNumber'), account_number: digitsOf('accountNumber'), account_holder_type: 'individual', account_type: 'checking' } };
    const answer = await wire.post('/v1/payment_methods', { type, ...details, billing_details });
    return answer.ok ? { paymentMethod: answer.body } : { error: answer.body.error };
  };

  const main = document.querySelector('main');
  const reportHeight = (): void => tell({ type: 'resize', height: Math.ceil(main?.getBoundingClientRect().height ?? 0) });
  const apply = (): void => {
    const postal = field(names.postal);
    if (kind === 'card' && postal !== null) {
      postal.hidden = options['hidePostalCode'] === true;
      const value = options['value'] as { postalCode?: string } | undefined;
      if (typeof value?.postalCode === 'string' && postal.value === '') {
        postal.value = value.postalCode;
      }
    }
    for (const input of Array.from(document.querySelectorAll<HTMLInputElement>('input'))) {
      input.disabled = options['disabled'] === true;
    }
  };
  const select = (type: string): void => {
    selected = type;
    for (const tab of Array.from(document.querySelectorAll<HTMLElement>('[role="tab"]'))) {
      tab.setAttribute('aria-selected', String(tab.dataset['type'] === type));
      tab.tabIndex = tab.dataset['type'] === type ? 0 : -1;
    }
    for (const panel of Array.from(document.querySelectorAll<HTMLElement>('[role="tabpanel"]'))) {
      panel.hidden = panel.dataset['type'] !== type;
    }
    const billing = document.querySelector<HTMLElement>('.billing');
    if (billing !== null) {
      billing.hidden = type === 'card';
    }
    tell({ type: 'change', event: changeEvent() });
  };
  const offer = (types: readonly string[]): void => {
    const tabs = Array.from(document.querySelectorAll<HTMLElement>('[role="tab"]'));
    const offered = tabs.filter((tab) => types.includes(tab.dataset['type'] ?? ''));
    if (offered.length === 0) {
      return;
    }
    for (const tab of tabs) {
      tab.hidden = !offered.includes(tab);
    }
    offered.sort((a, b) => types.indexOf(a.dataset['type'] ?? '') - types.indexOf(b.dataset['type'] ?? ''));
    offered.forEach((tab) => tab.parentElement?.appendChild(tab));
    select(offered[0]?.dataset['type'] ?? 'card');
  };

  document.addEventListener('input', () => tell({ type: 'change', event: changeEvent() }));
  document.addEventListener('focusin', () => tell({ type: 'focus' }));
  document.addEventListener('focusout', (event) => {
    if (event.relatedTarget === null) {
      tell({ type: 'blur' });
    }
  });
  for (const tab of Array.from(document.querySelectorAll<HTMLElement>('[role="tab"]'))) {
    tab.addEventListener('click', () => select(tab.dataset['type'] ?? 'card'));
  }
  window.addEventListener('message', (event: MessageEvent<ToElementFrame>) => {
    if (event.source !== window.parent || (!opaque && event.origin !== config.origin)) {
      return;
    }
    const message = event.data;
    switch (message.type) {
      case 'create-payment-method':
        void createPaymentMethod(message.billing_details).then((result) => tell({ type: 'answer', request: message.request, result }));
        break;
      case 'validate': {
        const found = problem();
        tell({ type: 'answer', request: message.request, result: found === null ? { selectedPaymentMethod: kind === 'card' ? 'card' : selected } : { error: found } });
        break;
      }
      case 'update':
        options = { ...options, ...message.options };
        apply();
        break;
      case 'focus':
        Array.from(document.querySelectorAll<HTMLInputElement>('input')).find(shown)?.focus();
        break;
      case 'blur':
        (document.activeElement as HTMLElement | null)?.blur();
        break;
      case 'clear':
        for (const input of Array.from(document.querySelectorAll<HTMLInputElement>('input'))) {
          input.value = '';
        }
        tell({ type: 'change', event: changeEvent() });
        break;
    }
  });

  apply();
  if (main !== null) {
    new ResizeObserver(reportHeight).observe(main);
  }
  const order = options['paymentMethodOrder'];
  const clientSecret = config.options['clientSecret'];
  const intentId = typeof clientSecret === 'string' ? clientSecret.split('_secret_')[0] : undefined;
  const offered: Promise<readonly string[] | null> =
    kind !== 'payment'
      ? Promise.resolve(null)
      : Array.isArray(order)
        ? Promise.resolve(order as string[])
        : intentId === undefined
          ? Promise.resolve(null)
          : wire.get(`/v1/setup_intents/${encodeURIComponent(intentId)}`, { client_secret: clientSecret }).then((answer) => (answer.ok ? (answer.body.payment_method_types as string[]) : null));
  void offered.then((types) => {
    if (types !== null) {
      offer(types);
    }
    tell({ type: 'ready' });
    reportHeight();
  });
}
