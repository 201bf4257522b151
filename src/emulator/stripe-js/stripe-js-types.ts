/// <reference lib="dom" />
// The surface of the emulator's Stripe.js-compatible script, as types: what `window.Stripe(...)`
// returns, what its Elements are, and what its promises resolve to (Stripe.js's result shapes).
// Parameters are typed as wide as the script reads them, so calls written against Stripe.js fit.
import type { PaymentMethod } from '../../types/payment-method.js';
import type { PublishableSetupIntent } from '../../types/setup-intent.js';
import type { StripeApiError } from '../../types/stripe-error.js';

/**
 * A PaymentMethod as the script resolves it.
 *
 * @remarks Bank account details (`us_bank_account`, `acss_debit`) are left undescribed: the API
 * sends them (nullable, without account numbers) as {@link PaymentMethod} has them, which
 * `@stripe/stripe-js`'s types do not match.
 */
export type StripeJsPaymentMethod = Omit<PaymentMethod, 'acss_debit' | 'us_bank_account'>;

/** `last_setup_error` as a publishable key sees it. */
export interface StripeJsSetupError extends Omit<StripeApiError, 'payment_method' | 'setup_intent'> {
  /** The PaymentMethod of the failed attempt. */
  readonly payment_method?: StripeJsPaymentMethod;
}

/** A SetupIntent as a publishable key sees it (the fields Stripe.js types). */
export interface StripeJsSetupIntent extends Omit<PublishableSetupIntent, 'last_setup_error'> {
  /** The error of the last failed setup attempt. */
  readonly last_setup_error: StripeJsSetupError | null;
}

/** An error as Stripe.js resolves it: the API's error object, or a client-side validation error. */
export interface StripeJsError extends Omit<StripeApiError, 'type' | 'setup_intent' | 'payment_intent' | 'payment_method'> {
  /** The kind of error; `validation_error` for input the Element refused before any request. */
  readonly type: StripeApiError['type'] | 'validation_error' | 'api_connection_error';
  /** The SetupIntent, when the error concerns one. */
  readonly setup_intent?: StripeJsSetupIntent;
  /** The PaymentMethod involved. */
  readonly payment_method?: StripeJsPaymentMethod;
}

/** What a SetupIntent call resolves to: the SetupIntent, or an error. */
export type StripeJsSetupIntentResult =
  | { readonly setupIntent: StripeJsSetupIntent; readonly error?: undefined }
  | { readonly setupIntent?: undefined; readonly error: StripeJsError };

/** What `handleNextAction` resolves to (this script handles SetupIntents only). */
export type StripeJsNextActionResult =
  | { readonly paymentIntent?: undefined; readonly setupIntent: StripeJsSetupIntent; readonly error?: undefined }
  | { readonly paymentIntent?: undefined; readonly setupIntent?: undefined; readonly error: StripeJsError };

/** What `createPaymentMethod` resolves to. */
export type StripeJsPaymentMethodResult =
  | { readonly paymentMethod: StripeJsPaymentMethod; readonly error?: undefined }
  | { readonly paymentMethod?: undefined; readonly error: StripeJsError };

/** Billing details as Stripe.js takes them. */
export interface StripeJsBillingDetails {
  readonly name?: string | null;
  readonly email?: string | null;
  readonly phone?: string | null;
  readonly address?: object | null;
}

/** The events an Element emits. */
export type StripeJsElementEvent = 'change' | 'ready' | 'focus' | 'blur';

/** A validation error an Element reports in its `change` event. */
export interface StripeJsValidationError {
  readonly type: 'validation_error';
  readonly code: string;
  readonly message: string;
}

/** The card Element's `change` event. */
export interface StripeJsCardChangeEvent {
  readonly elementType: 'card';
  readonly empty: boolean;
  readonly complete: boolean;
  /** Set once the input can no longer become valid (a number failing the Luhn check, a past date). */
  readonly error: StripeJsValidationError | undefined;
  readonly brand: 'visa' | 'mastercard' | 'amex' | 'discover' | 'unknown';
  readonly value: { readonly postalCode: string };
}

/** The Payment Element's `change` event. */
export interface StripeJsPaymentChangeEvent {
  readonly elementType: 'payment';
  readonly empty: boolean;
  readonly complete: boolean;
  readonly collapsed: boolean;
  /** The selected payment method type (`card`, `sepa_debit`, `us_bank_account`). */
  readonly value: { readonly type: string };
}

/** An Element's `change` handler, or a `ready`, `focus` or `blur` handler. */
type Handler<Change> = ((event: Change) => void) | ((event: { readonly elementType: string }) => void);

/** Options of a card Element (styling options are accepted and ignored). */
export interface StripeJsCardElementOptions {
  /** Hides the postal code input. */
  readonly hidePostalCode?: boolean;
  /** Initial values: `{ postalCode }`. */
  readonly value?: { readonly postalCode?: string };
  /** Disables the inputs. */
  readonly disabled?: boolean;
}

/** Options of a Payment Element. */
export interface StripeJsPaymentElementOptions {
  /** Payment method types to offer, in order (defaults to the SetupIntent's among card, SEPA Debit and US bank account). */
  readonly paymentMethodOrder?: readonly string[];
}

/** An Element mounted in an iframe the emulator serves; `Change` is its `change` event. */
export interface StripeJsElement<Change = StripeJsCardChangeEvent | StripeJsPaymentChangeEvent> {
  /** Mounts the Element's iframe into the element or the first match of a CSS selector. */
  mount(domElement: string | HTMLElement): void;
  /** Removes the iframe from the page; the Element may be mounted again. */
  unmount(): void;
  /** Removes the iframe and the Element from its Elements group. */
  destroy(): void;
  /** Adds a `change` handler. */
  on(eventType: 'change', handler: (event: Change) => void): this;
  /** Adds a `ready`, `focus` or `blur` handler. */
  on(eventType: 'ready' | 'focus' | 'blur', handler: (event: { readonly elementType: string }) => void): this;
  /** Adds a handler that runs once. */
  once(eventType: 'change', handler: (event: Change) => void): this;
  /** Adds a `ready`, `focus` or `blur` handler that runs once. */
  once(eventType: 'ready' | 'focus' | 'blur', handler: (event: { readonly elementType: string }) => void): this;
  /** Removes a handler (all handlers of the type without one). */
  off(eventType: StripeJsElementEvent, handler?: Handler<Change>): this;
  /** Focuses the first input. */
  focus(): void;
  /** Blurs the focused input. */
  blur(): void;
  /** Clears the inputs. */
  clear(): void;
}

/** A card Element: number, expiry, CVC and postal code inputs. */
export interface StripeJsCardElement extends StripeJsElement<StripeJsCardChangeEvent> {
  /** Updates the options (`hidePostalCode`, `value`, `disabled`). */
  update(options: Partial<StripeJsCardElementOptions>): void;
}

/** A Payment Element: tabs for card, SEPA Debit and US bank account. */
export interface StripeJsPaymentElement extends StripeJsElement<StripeJsPaymentChangeEvent> {
  /** Updates the options. */
  update(options: Partial<StripeJsPaymentElementOptions>): void;
  /** Collapses the Element (a no-op: the tabs are always shown). */
  collapse(): this;
}

/** Options of `stripe.elements()`. */
export interface StripeJsElementsOptions {
  /** The SetupIntent's client secret, for `confirmSetup` without `clientSecret`. */
  readonly clientSecret?: string;
  readonly [option: string]: unknown;
}

/** An Element passed back to the script: one its `elements()` created (others are refused at run time). */
export type StripeJsElementHandle = Pick<StripeJsElement, 'mount' | 'unmount' | 'destroy'>;

/** An Elements group passed back to the script: one its `elements()` created. */
export interface StripeJsElementsHandle {
  fetchUpdates(): Promise<unknown>;
}

/** A group of Elements, from `stripe.elements()`. */
export interface StripeJsElements {
  /** Creates a card Element. */
  create(elementType: 'card', options?: StripeJsCardElementOptions): StripeJsCardElement;
  /** Creates a Payment Element. */
  create(elementType: 'payment', options?: StripeJsPaymentElementOptions): StripeJsPaymentElement;
  /** The group's card Element, if created. */
  getElement(elementType: 'card'): StripeJsCardElement | null;
  /** The group's Payment Element, if created. */
  getElement(elementType: 'payment'): StripeJsPaymentElement | null;
  /** Updates the group's options (`clientSecret`). */
  update(options: Readonly<Record<string, unknown>>): Promise<void>;
  /** Validates the Payment Element's (or card Element's) inputs before a confirmation. */
  submit(): Promise<{ readonly error: StripeJsError; readonly selectedPaymentMethod?: undefined } | { readonly selectedPaymentMethod: string; readonly error?: undefined }>;
  /** Resolves at once: the emulator's SetupIntents carry nothing the Elements need to fetch. */
  fetchUpdates(): Promise<{ readonly error?: { readonly message: string; readonly status?: string } }>;
}

/** A card for `confirmCardSetup` and `createPaymentMethod`: a card Element, or a test token (`tok_visa`). */
export type StripeJsCardSource = StripeJsElementHandle | { readonly token: string };

/** Parameters of a confirmation, passed to `POST /v1/setup_intents/:id/confirm` as they are. */
export interface StripeJsConfirmParams {
  readonly return_url?: string;
  readonly mandate_data?: object;
  readonly payment_method_options?: object;
  readonly expand?: readonly string[];
}

/** `data` of `confirmCardSetup`. */
export interface StripeJsConfirmCardSetupData extends StripeJsConfirmParams {
  /** A PaymentMethod id, or a card and billing details to create one from. */
  readonly payment_method?: string | { readonly card: StripeJsCardSource; readonly billing_details?: StripeJsBillingDetails; readonly metadata?: object };
}

/** `data` of `confirmSepaDebitSetup`. */
export interface StripeJsConfirmSepaDebitSetupData extends StripeJsConfirmParams {
  /** A PaymentMethod id, or an IBAN and billing details (name and email) to create one from. */
  readonly payment_method?: string | { readonly sepa_debit: object; readonly billing_details: StripeJsBillingDetails; readonly metadata?: object };
}

/** `data` of `confirmUsBankAccountSetup`. */
export interface StripeJsConfirmUsBankAccountSetupData extends StripeJsConfirmParams {
  /** A PaymentMethod id, or routing and account numbers and billing details to create one from. */
  readonly payment_method?: string | { readonly us_bank_account?: object; readonly billing_details: StripeJsBillingDetails; readonly metadata?: object };
}

/** `confirmParams` of `confirmSetup`. */
export interface StripeJsConfirmSetupParams extends StripeJsConfirmParams {
  /** Billing details for the PaymentMethod the Payment Element creates. */
  readonly payment_method_data?: { readonly billing_details?: StripeJsBillingDetails };
}

/** Options of `confirmSetup`. */
export interface StripeJsConfirmSetupOptions {
  readonly elements?: StripeJsElementsHandle;
  readonly clientSecret?: string;
  readonly confirmParams?: StripeJsConfirmSetupParams;
  /** `if_required` resolves instead of sending the customer to `return_url` when no redirect is needed. */
  readonly redirect?: 'always' | 'if_required';
}

/** `createPaymentMethod` arguments: a type with its details (a card Element for cards), an Elements group, or an Element. */
export type StripeJsCreatePaymentMethodData =
  | { readonly type?: string; readonly card?: StripeJsCardSource; readonly billing_details?: StripeJsBillingDetails; readonly metadata?: object }
  | { readonly elements: StripeJsElementsHandle; readonly params?: { readonly billing_details?: StripeJsBillingDetails } }
  | { readonly element: StripeJsElementHandle; readonly params?: { readonly billing_details?: StripeJsBillingDetails } };

/** What `window.Stripe(publishableKey)` returns: the setup flow of Stripe.js. */
export interface EmulatedStripe {
  /** Creates a group of Elements. */
  elements(options?: StripeJsElementsOptions): StripeJsElements;
  /** Confirms a SetupIntent with a card (an Element, a test token or a PaymentMethod id), handling 3D Secure. */
  confirmCardSetup(clientSecret: string, data?: StripeJsConfirmCardSetupData, options?: { readonly handleActions?: boolean }): Promise<StripeJsSetupIntentResult>;
  /** Confirms a SetupIntent with the Payment Element; resolves without redirecting when `redirect` is `if_required`. */
  confirmSetup(options: StripeJsConfirmSetupOptions & { readonly redirect: 'if_required' }): Promise<StripeJsSetupIntentResult>;
  /** Confirms a SetupIntent with the Payment Element and sends the customer to `return_url`. */
  confirmSetup(options: StripeJsConfirmSetupOptions): Promise<{ readonly error: StripeJsError }>;
  /** Confirms a SetupIntent with SEPA Debit details (an IBAN or a PaymentMethod id). */
  confirmSepaDebitSetup(clientSecret: string, data?: StripeJsConfirmSepaDebitSetupData): Promise<StripeJsSetupIntentResult>;
  /** Confirms a SetupIntent with US bank account details (routing and account number, or a PaymentMethod id). */
  confirmUsBankAccountSetup(clientSecret: string, data?: StripeJsConfirmUsBankAccountSetupData): Promise<StripeJsSetupIntentResult>;
  /** Verifies a bank account with the microdeposits' amounts or descriptor code. */
  verifyMicrodepositsForSetup(clientSecret: string, data?: { readonly amounts?: readonly number[]; readonly descriptor_code?: string }): Promise<StripeJsSetupIntentResult>;
  /** Carries out a SetupIntent's pending next action (3D Secure); `hashedValue` (shared payment tokens) is refused. */
  handleNextAction(options: { readonly clientSecret?: string; readonly hashedValue?: string }): Promise<StripeJsNextActionResult>;
  /** Retrieves a SetupIntent with its client secret. */
  retrieveSetupIntent(clientSecret: string): Promise<StripeJsSetupIntentResult>;
  /** Creates a PaymentMethod from an Element or from the Elements group's Payment Element. */
  createPaymentMethod(data: StripeJsCreatePaymentMethodData): Promise<StripeJsPaymentMethodResult>;
}

/** The messages the merchant page sends an Element's iframe. */
export type ToElementFrame =
  | { readonly type: 'create-payment-method'; readonly request: number; readonly billing_details?: StripeJsBillingDetails }
  | { readonly type: 'validate'; readonly request: number }
  | { readonly type: 'update'; readonly options: Readonly<Record<string, unknown>> }
  | { readonly type: 'focus' | 'blur' | 'clear' };

/** The messages an Element's iframe sends the merchant page; `frame` is the iframe's name. */
export type FromElementFrame = { readonly frame: string } & (
  | { readonly type: 'ready' | 'focus' | 'blur' }
  | { readonly type: 'change'; readonly event: StripeJsCardChangeEvent | StripeJsPaymentChangeEvent }
  | { readonly type: 'resize'; readonly height: number }
  | { readonly type: 'answer'; readonly request: number; readonly result: StripeJsPaymentMethodResult | Awaited<ReturnType<StripeJsElements['submit']>> }
);

/** What the merchant page tells an Element's iframe in its URL fragment. */
export interface ElementFrameConfig {
  /** The publishable key the iframe creates PaymentMethods with. */
  readonly key: string;
  /** The iframe's name, echoed in every message. */
  readonly frame: string;
  /** The merchant page's origin, the only one the iframe answers. */
  readonly origin: string;
  /** The Element's options. */
  readonly options: Readonly<Record<string, unknown>>;
}
