/// <reference lib="dom" />
// Runs in the merchant's page: served as source text (see served-script.ts), so it must not refer
// to anything outside its own body; its collaborators come in as arguments.
import type { openAuthenticationModal } from './modal.js';
import type {
  ElementFrameConfig,
  EmulatedStripe,
  FromElementFrame,
  StripeJsBillingDetails,
  StripeJsElement,
  StripeJsElementEvent,
  StripeJsElements,
  StripeJsError,
  StripeJsPaymentMethodResult,
  StripeJsSetupIntent,
  StripeJsSetupIntentResult,
  ToElementFrame,
} from './stripe-js-types.js';
import type { createBrowserWire } from './wire.js';

/** What the served script is told about the emulator serving it. */
export interface StripeJsSettings {
  /** The emulator's base URL: its API and the Element iframes. */
  readonly baseUrl: string;
  /** The path of each Element's iframe page. */
  readonly framePaths: { readonly card: string; readonly payment: string };
  /** `window.Stripe.version`: `3` for `/v3`, the release train (`endive`) for `/<train>/stripe.js`. */
  readonly version: number | string;
}

/**
 * Defines `window.Stripe(publishableKey)`: Elements (card and Payment Element, in iframes the
 * emulator serves), the SetupIntent confirmations with 3D Secure in a modal, microdeposit
 * verification, `handleNextAction`, `retrieveSetupIntent` and `createPaymentMethod`, resolving
 * Stripe.js's result shapes (`{ setupIntent }`, `{ paymentMethod }` or `{ error }`).
 */
export function installStripeJs(settings: StripeJsSettings, createWire: typeof createBrowserWire, openModal: typeof openAuthenticationModal): void {
  const { baseUrl } = settings;
  const frameOrigin = new URL(baseUrl).origin;
  let frameCount = 0;
  let requestCount = 0;

  type Answer = Extract<FromElementFrame, { type: 'answer' }>['result'];
  interface Controller {
    readonly type: 'card' | 'payment';
    readonly ask: (message: { readonly type: 'create-payment-method'; readonly billing_details?: StripeJsBillingDetails } | { readonly type: 'validate' }) => Promise<Answer>;
  }
  interface Group {
    readonly clientSecret: () => string | undefined;
    readonly element: (type: 'card' | 'payment') => StripeJsElement | undefined;
  }
  const controllers = new WeakMap<object, Controller>();
  const groups = new WeakMap<object, Group>();

  const integrationError = (message: string): Error => {
    const error = new Error(message);
    error.name = 'IntegrationError';
    return error;
  };
  const intentIdOf = (clientSecret: unknown): string => {
    const match = typeof clientSecret === 'string' ? /^(seti_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+$/.exec(clientSecret) : null;
    if (match?.[1] === undefined) {
      throw integrationError(`Invalid value for clientSecret: expected a SetupIntent client secret (seti_..._secret_...), got ${String(clientSecret)}.`);
    }
    return match[1];
  };

  const createElement = (type: 'card' | 'payment', initial: Readonly<Record<string, unknown>>, key: string, group: Group, forget: () => void): StripeJsElement => {
    const name = `__privateStripeFrame${++frameCount}`;
    let options: Record<string, unknown> = { ...initial };
    type AnyHandler = (event: object) => void;
    const handlers = new Map<string, AnyHandler[]>();
    const waiting = new Map<number, { readonly resolve: (answer: Answer) => void; readonly reject: (error: Error) => void }>();
    let host: HTMLElement | null = null;
    let wrapper: HTMLElement | null = null;
    let frame: HTMLIFrameElement | null = null;
    let markReady = (): void => undefined;
    let ready = Promise.resolve();

    const emit = (event: string, payload: object): void => {
      for (const handler of [...(handlers.get(event) ?? [])]) {
        handler(payload);
      }
    };
    const classes = (event: { readonly empty: boolean; readonly complete: boolean; readonly error?: unknown }): void => {
      host?.classList.toggle('StripeElement--complete', event.complete);
      host?.classList.toggle('StripeElement--empty', event.empty);
      host?.classList.toggle('StripeElement--invalid', event.error !== undefined);
    };
    const onMessage = (event: MessageEvent<FromElementFrame>): void => {
      if (frame === null || event.origin !== frameOrigin || event.source !== frame.contentWindow || event.data?.frame !== name) {
        return;
      }
      const message = event.data;
      switch (message.type) {
        case 'ready':
          markReady();
          emit('ready', { elementType: type });
          break;
        case 'change':
          classes(message.event);
          emit('change', message.event);
          break;
        case 'focus':
        case 'blur':
          host?.classList.toggle('StripeElement--focus', message.type === 'focus');
          emit(message.type, { elementType: type });
          break;
        case 'resize':
          frame.style.height = `${Math.max(message.height, 20)}px`;
          break;
        case 'answer':
          waiting.get(message.request)?.resolve(message.result);
          waiting.delete(message.request);
          break;
      }
    };
    const post = (message: ToElementFrame): void => {
      void ready.then(() => frame?.contentWindow?.postMessage(message, frameOrigin));
    };
    const unmount = (): void => {
      window.removeEventListener('message', onMessage);
      wrapper?.remove();
      host?.classList.remove('StripeElement', 'StripeElement--focus', 'StripeElement--complete', 'StripeElement--empty', 'StripeElement--invalid');
      wrapper = frame = host = null;
      for (const pending of waiting.values()) {
        pending.reject(integrationError('The Element was unmounted before it answered.'));
      }
      waiting.clear();
    };
    const on = (eventType: StripeJsElementEvent, handler: AnyHandler): StripeJsElement => {
      handlers.set(eventType, [...(handlers.get(eventType) ?? []), handler]);
      return element;
    };
    const off = (eventType: StripeJsElementEvent, handler?: AnyHandler): StripeJsElement => {
      handlers.set(eventType, handler === undefined ? [] : (handlers.get(eventType) ?? []).filter((known) => known !== handler));
      return element;
    };
    const methods = {
      mount(domElement: string | HTMLElement) {
        if (frame !== null) {
          throw integrationError('This Element is already mounted: unmount it first.');
        }
        const found = typeof domElement === 'string' ? document.querySelector<HTMLElement>(domElement) : domElement;
        if (found === null) {
          throw integrationError(`The selector you specified (${String(domElement)}) applies to no DOM elements on the page.`);
        }
        host = found;
        host.classList.add('StripeElement', 'StripeElement--empty');
        ready = new Promise((resolve) => {
          markReady = resolve;
        });
        const config: ElementFrameConfig = { key, frame: name, origin: window.location.origin, options: { ...options, clientSecret: group.clientSecret() } };
        wrapper = document.createElement('div');
        wrapper.className = '__PrivateStripeElement';
        wrapper.style.cssText = 'margin:0;padding:0;border:none;display:block;background:transparent;position:relative;opacity:1';
        frame = document.createElement('iframe');
        frame.name = name;
        frame.title = type === 'card' ? 'Secure card payment input frame' : 'Secure payment input frame';
        frame.setAttribute('frameborder', '0');
        frame.setAttribute('allowtransparency', 'true');
        frame.setAttribute('scrolling', 'no');
        frame.style.cssText = 'border:none;margin:0;padding:0;width:100%;min-width:100%;display:block;overflow:hidden;height:44px;background:transparent';
        frame.src = `${baseUrl}${settings.framePaths[type]}#${encodeURIComponent(JSON.stringify(config))}`;
        window.addEventListener('message', onMessage);
        wrapper.appendChild(frame);
        host.appendChild(wrapper);
      },
      unmount,
      destroy() {
        unmount();
        handlers.clear();
        forget();
        controllers.delete(element);
      },
      on,
      once(eventType: StripeJsElementEvent, handler: AnyHandler) {
        const one = (event: object): void => {
          off(eventType, one);
          handler(event);
        };
        return on(eventType, one);
      },
      off,
      update(changes: Readonly<Record<string, unknown>>) {
        options = { ...options, ...changes };
        post({ type: 'update', options: changes });
      },
      focus: () => post({ type: 'focus' }),
      blur: () => post({ type: 'blur' }),
      clear: () => post({ type: 'clear' }),
      ...(type === 'payment' ? { collapse: () => element } : {}),
    };
    const element = methods as unknown as StripeJsElement;
    controllers.set(element, {
      type,
      ask: (message) =>
        new Promise((resolve, reject) => {
          if (frame === null) {
            reject(integrationError('We could not retrieve data from the specified Element: make sure it is mounted.'));
            return;
          }
          const request = ++requestCount;
          waiting.set(request, { resolve, reject });
          post({ ...message, request });
        }),
    });
    return element;
  };

  const Stripe = (publishableKey: unknown, _options?: unknown): EmulatedStripe => {
    if (typeof publishableKey !== 'string' || !/^pk_test_[A-Za-z0-9_]+$/.test(publishableKey)) {
      throw integrationError(`Invalid value for Stripe(): apiKey should be a test publishable key (pk_test_...). You specified: ${String(publishableKey)}.`);
    }
    const wire = createWire(baseUrl, publishableKey);

    const elements = (groupOptions: Readonly<Record<string, unknown>> = {}): StripeJsElements => {
      let current: Record<string, unknown> = { ...groupOptions };
      const created = new Map<'card' | 'payment', StripeJsElement>();
      const group: Group = {
        clientSecret: () => (typeof current['clientSecret'] === 'string' ? current['clientSecret'] : undefined),
        element: (type) => created.get(type),
      };
      const api = {
        create(type: string, options: Readonly<Record<string, unknown>> = {}) {
          if (type !== 'card' && type !== 'payment') {
            throw integrationError(`The emulator's Stripe.js offers the card and payment Elements, not ${type}.`);
          }
          if (created.has(type)) {
            throw integrationError(`Can only create one Element of type ${type}.`);
          }
          const element = createElement(type, options, publishableKey, group, () => created.delete(type));
          created.set(type, element);
          return element;
        },
        getElement: (type: 'card' | 'payment') => created.get(type) ?? null,
        async update(changes: Readonly<Record<string, unknown>>) {
          current = { ...current, ...changes };
        },
        async submit() {
          const element = created.get('payment') ?? created.get('card');
          const controller = element === undefined ? undefined : controllers.get(element);
          return controller === undefined ? { error: { type: 'validation_error', code: 'no_element', message: 'This Elements group has no Element to submit.' } } : controller.ask({ type: 'validate' });
        },
        fetchUpdates: async () => ({}),
      };
      groups.set(api, group);
      return api as unknown as StripeJsElements;
    };

    const failed = (answer: { readonly body: any }): { readonly error: StripeJsError } => ({ error: answer.body.error });
    const retrieve = async (clientSecret: string): Promise<StripeJsSetupIntentResult> => {
      const answer = await wire.get(`/v1/setup_intents/${intentIdOf(clientSecret)}`, { client_secret: clientSecret });
      return answer.ok ? { setupIntent: answer.body } : failed(answer);
    };
    // After the customer's action: a SetupIntent that fell back to requires_payment_method failed.
    const outcome = (intent: StripeJsSetupIntent): StripeJsSetupIntentResult =>
      intent.status === 'requires_payment_method' && intent.last_setup_error !== null
        ? { error: { ...intent.last_setup_error, setup_intent: intent } as StripeJsError }
        : { setupIntent: intent };
    const authenticate = (intent: StripeJsSetupIntent, clientSecret: string): Promise<StripeJsSetupIntentResult> =>
      new Promise((resolve) => {
        const sdk = intent.next_action?.use_stripe_sdk as { readonly stripe_js?: unknown; readonly source?: unknown } | undefined;
        if (typeof sdk?.stripe_js !== 'string') {
          resolve({ setupIntent: intent });
          return;
        }
        let settled = false;
        // Each load of the modal's page may follow the customer's choice: the SetupIntent tells.
        const modal = openModal(sdk.stripe_js, () => {
          void retrieve(clientSecret).then((result) => {
            const now = result.setupIntent;
            const waiting = now !== undefined && now.status === 'requires_action' && (now.next_action?.use_stripe_sdk as { readonly source?: unknown } | undefined)?.source === sdk.source;
            if (settled || waiting) {
              return;
            }
            settled = true;
            modal.close();
            resolve(now === undefined ? result : outcome(now));
          });
        });
      });
    const never = <T>(): Promise<T> => new Promise<T>(() => undefined);
    const settle = async (intent: StripeJsSetupIntent, clientSecret: string, handleActions: boolean): Promise<StripeJsSetupIntentResult> => {
      const action = intent.next_action;
      if (!handleActions || intent.status !== 'requires_action' || action === null) {
        return { setupIntent: intent };
      }
      if (action.type === 'use_stripe_sdk') {
        return authenticate(intent, clientSecret);
      }
      const redirectUrl = action.type === 'redirect_to_url' ? action.redirect_to_url?.url : undefined;
      if (typeof redirectUrl === 'string') {
        window.location.assign(redirectUrl);
        return never();
      }
      // verify_with_microdeposits waits on the bank: resolved as it stands, as Stripe.js does.
      return { setupIntent: intent };
    };
    const confirm = async (clientSecret: string, params: Readonly<Record<string, unknown>>, handleActions: boolean): Promise<StripeJsSetupIntentResult> => {
      const answer = await wire.post(`/v1/setup_intents/${intentIdOf(clientSecret)}/confirm`, { ...params, client_secret: clientSecret, use_stripe_sdk: true });
      return answer.ok ? settle(answer.body, clientSecret, handleActions) : failed(answer);
    };
    const fromElement = (element: unknown, billing_details: StripeJsBillingDetails | undefined): Promise<StripeJsPaymentMethodResult> => {
      const controller = typeof element === 'object' && element !== null ? controllers.get(element) : undefined;
      if (controller === undefined) {
        throw integrationError('Expected an Element created by this Stripe instance.');
      }
      return controller.ask({ type: 'create-payment-method', ...(billing_details === undefined ? {} : { billing_details }) }) as Promise<StripeJsPaymentMethodResult>;
    };
    const createPaymentMethod = async (data: Readonly<Record<string, unknown>>): Promise<StripeJsPaymentMethodResult> => {
      const params = data['params'] as { readonly billing_details?: StripeJsBillingDetails } | undefined;
      if (data['elements'] !== undefined) {
        const group = groups.get(data['elements'] as object);
        return fromElement(group?.element('payment') ?? group?.element('card'), params?.billing_details);
      }
      if (data['element'] !== undefined) {
        return fromElement(data['element'], params?.billing_details);
      }
      const { type, billing_details, ...details } = data as { readonly type?: string; readonly billing_details?: StripeJsBillingDetails; readonly [field: string]: unknown };
      const source = type === undefined ? undefined : details[type];
      if (typeof source === 'object' && source !== null && controllers.has(source)) {
        return fromElement(source, billing_details);
      }
      const answer = await wire.post('/v1/payment_methods', data);
      return answer.ok ? { paymentMethod: answer.body } : failed(answer);
    };
    const withPaymentMethod = async (
      clientSecret: string,
      type: string,
      data: Readonly<Record<string, unknown>>,
      handleActions: boolean,
    ): Promise<StripeJsSetupIntentResult> => {
      intentIdOf(clientSecret);
      const { payment_method: given, ...params } = data;
      let payment_method = given;
      if (typeof given === 'object' && given !== null) {
        const created = await createPaymentMethod({ type, ...given });
        if (created.error !== undefined) {
          return { error: created.error };
        }
        payment_method = created.paymentMethod.id;
      }
      return confirm(clientSecret, payment_method === undefined ? params : { ...params, payment_method }, handleActions);
    };
    const returnTo = (returnUrl: string, intent: StripeJsSetupIntent, clientSecret: string): Promise<never> => {
      const url = new URL(returnUrl);
      url.searchParams.set('setup_intent', intent.id);
      url.searchParams.set('setup_intent_client_secret', clientSecret);
      url.searchParams.set('redirect_status', intent.status === 'succeeded' ? 'succeeded' : intent.status === 'processing' || intent.status === 'requires_action' ? 'processing' : 'failed');
      window.location.assign(url.toString());
      return never();
    };

    const stripe = {
      elements,
      confirmCardSetup: (clientSecret: string, data: Readonly<Record<string, unknown>> = {}, options: { readonly handleActions?: boolean } = {}) =>
        withPaymentMethod(clientSecret, 'card', data, options.handleActions !== false),
      async confirmSetup(options: { readonly elements?: StripeJsElements; readonly clientSecret?: string; readonly confirmParams?: Readonly<Record<string, unknown>>; readonly redirect?: string }) {
        const group = options.elements === undefined ? undefined : groups.get(options.elements);
        const clientSecret = options.clientSecret ?? group?.clientSecret();
        intentIdOf(clientSecret);
        const { payment_method_data, ...params } = options.confirmParams ?? {};
        const returnUrl = params['return_url'];
        const redirect = options.redirect ?? 'always';
        if (redirect !== 'if_required' && typeof returnUrl !== 'string') {
          throw integrationError("stripe.confirmSetup(): confirmParams.return_url is required unless redirect is 'if_required'.");
        }
        const element = group?.element('payment') ?? group?.element('card');
        let paymentMethod: Record<string, unknown> = {};
        if (element !== undefined) {
          const created = await fromElement(element, (payment_method_data as { readonly billing_details?: StripeJsBillingDetails } | undefined)?.billing_details);
          if (created.error !== undefined) {
            return { error: created.error };
          }
          paymentMethod = { payment_method: created.paymentMethod.id };
        }
        const result = await confirm(clientSecret as string, { ...params, ...paymentMethod }, true);
        return result.setupIntent === undefined || redirect === 'if_required' ? result : returnTo(returnUrl as string, result.setupIntent, clientSecret as string);
      },
      confirmSepaDebitSetup: (clientSecret: string, data: Readonly<Record<string, unknown>> = {}) => withPaymentMethod(clientSecret, 'sepa_debit', data, true),
      confirmUsBankAccountSetup: (clientSecret: string, data: Readonly<Record<string, unknown>> = {}) => withPaymentMethod(clientSecret, 'us_bank_account', data, true),
      async verifyMicrodepositsForSetup(clientSecret: string, data: Readonly<Record<string, unknown>> = {}) {
        const answer = await wire.post(`/v1/setup_intents/${intentIdOf(clientSecret)}/verify_microdeposits`, { ...data, client_secret: clientSecret });
        return answer.ok ? { setupIntent: answer.body } : failed(answer);
      },
      async handleNextAction(options: { readonly clientSecret?: string; readonly hashedValue?: string }) {
        if (options.clientSecret === undefined) {
          throw integrationError('handleNextAction: the emulator handles SetupIntents only; pass clientSecret.');
        }
        const retrieved = await retrieve(options.clientSecret);
        if (retrieved.setupIntent === undefined) {
          return retrieved;
        }
        if (retrieved.setupIntent.status !== 'requires_action') {
          throw integrationError(`handleNextAction: the SetupIntent has the status ${retrieved.setupIntent.status}, not requires_action.`);
        }
        return settle(retrieved.setupIntent, options.clientSecret, true);
      },
      retrieveSetupIntent: retrieve,
      createPaymentMethod,
      // @stripe/stripe-js's loadStripe registers itself on the instance.
      _registerWrapper: () => undefined,
    };
    return stripe as unknown as EmulatedStripe;
  };
  (window as unknown as { Stripe: unknown }).Stripe = Object.assign(Stripe, { version: settings.version });
}
