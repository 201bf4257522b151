import type { MicrodepositType } from '../../catalogue/microdeposit-test-values.js';
import type { MicrodepositTestOutcome, MicrodepositTestValue } from '../../catalogue/test-payment-method.js';
import type { PaymentMethod } from '../../types/payment-method.js';
import type { SetupIntent } from '../../types/setup-intent.js';
import type { SetupIntentVerifyMicrodepositsParams } from '../../types/params.js';
import type { RouteOutcome } from '../router.js';
import { formatTime, html, pageAnswer } from './html.js';
import type { Html } from './html.js';

/** The values a customer typed, as sent (shown again next to an error). */
export interface MicrodepositEntry {
  readonly amount1?: string;
  readonly amount2?: string;
  readonly descriptorCode?: string;
}

/** The form read: the verification parameters, or why they cannot be sent. */
export type MicrodepositFormRead =
  | { readonly ok: true; readonly params: SetupIntentVerifyMicrodepositsParams }
  | { readonly ok: false; readonly message: string };

const AMOUNT = /^\d{1,2}$/;
const DESCRIPTOR_CODE = /^SM[A-Z0-9]{4}$/;

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** The values of a posted microdeposit form, as typed. */
export function microdepositEntry(params: Readonly<Record<string, unknown>>): MicrodepositEntry {
  return { amount1: text(params['amount_1']), amount2: text(params['amount_2']), descriptorCode: text(params['descriptor_code']) };
}

/**
 * Reads the posted form: two whole amounts of 1 to 99 cents, or a code of `SM` and four letters
 * or digits (case-insensitive). Anything else is a message for the customer, not a verification
 * attempt.
 */
export function readMicrodepositForm(type: MicrodepositType, entry: MicrodepositEntry): MicrodepositFormRead {
  if (type === 'amounts') {
    const amounts = [entry.amount1 ?? '', entry.amount2 ?? ''];
    if (!amounts.every((amount) => AMOUNT.test(amount) && Number(amount) >= 1)) {
      return { ok: false, message: 'Enter both amounts as whole numbers of cents, from 1 to 99.' };
    }
    return { ok: true, params: { amounts: amounts.map(Number) } };
  }
  const code = (entry.descriptorCode ?? '').toUpperCase();
  if (!DESCRIPTOR_CODE.test(code)) {
    return { ok: false, message: 'Enter the 6-character code from the statement: SM followed by 4 letters or digits.' };
  }
  return { ok: true, params: { descriptor_code: code } };
}

/** The path the verification form posts to. */
export function microdepositPath(intentId: string): string {
  return `/hosted/microdeposits/${encodeURIComponent(intentId)}`;
}

function bankLine(paymentMethod: PaymentMethod | undefined): Html {
  const bank = paymentMethod?.us_bank_account ?? paymentMethod?.acss_debit;
  if (bank === undefined || bank.last4 === null) {
    return html``;
  }
  return html`<p>Bank account: <strong>${bank.bank_name ?? 'Bank account'} ending in ${bank.last4}</strong></p>`;
}

const AMOUNTS_DO: Readonly<Record<MicrodepositTestOutcome, string>> = { verify: 'verify', exhaust_attempts: 'use up the attempts', time_out: 'time out' };
const CODE_DOES: Readonly<Record<MicrodepositTestOutcome, string>> = { verify: 'verifies', exhaust_attempts: 'uses up the attempts', time_out: 'times out' };

/** The catalogue's test values as a note: `Test values: 32 and 45 verify; 10 and 11 use up the attempts.` */
function testValuesNote(type: MicrodepositType, values: readonly MicrodepositTestValue[]): Html {
  const parts = values.map((value) =>
    type === 'amounts'
      ? `${value.amounts?.[0] ?? ''} and ${value.amounts?.[1] ?? ''} ${AMOUNTS_DO[value.outcome]}`
      : `${value.descriptorCode ?? ''} ${CODE_DOES[value.outcome]}`,
  );
  return parts.length === 0 ? html`` : html`<p class="note">Test values: ${parts.join('; ')}.</p>`;
}

function fields(type: MicrodepositType, entry: MicrodepositEntry, testValues: readonly MicrodepositTestValue[]): Html {
  if (type === 'amounts') {
    return html`<p>Two small deposits were sent to the account. Enter their amounts in cents.</p>
<label for="amount_1">Amount 1 (cents)</label>
<input id="amount_1" name="amount_1" type="number" inputmode="numeric" min="1" max="99" step="1" required value="${entry.amount1 ?? ''}">
<label for="amount_2">Amount 2 (cents)</label>
<input id="amount_2" name="amount_2" type="number" inputmode="numeric" min="1" max="99" step="1" required value="${entry.amount2 ?? ''}">
${testValuesNote(type, testValues)}`;
  }
  return html`<p>A deposit of one cent was sent to the account. Its statement descriptor holds a 6-character code that starts with SM.</p>
<label for="descriptor_code">Descriptor code</label>
<input id="descriptor_code" name="descriptor_code" type="text" minlength="6" maxlength="6" autocomplete="off" autocapitalize="characters" spellcheck="false" required value="${entry.descriptorCode ?? ''}">
${testValuesNote(type, testValues)}`;
}

/** The inputs of {@link microdepositPage}. */
export interface MicrodepositPageInput {
  /** The SetupIntent waiting on verification. */
  readonly intent: SetupIntent;
  /** The SetupAttempt the page belongs to. */
  readonly attempt: string;
  /** Amounts or a descriptor code. */
  readonly type: MicrodepositType;
  /** The test values of that type to list, from the catalogue. */
  readonly testValues: readonly MicrodepositTestValue[];
  /** The bank account being set up, when stored. */
  readonly paymentMethod: PaymentMethod | undefined;
  /** Values to show again. */
  readonly entry?: MicrodepositEntry;
  /** Why the last entry was not accepted. */
  readonly error?: string;
  /** The HTTP status (200 unless set). */
  readonly status?: number;
  /** Whether the request changed the state (a mismatch uses up an attempt). */
  readonly changed?: boolean;
}

/** The microdeposit verification form, with the last error above it when there is one. */
export function microdepositPage(input: MicrodepositPageInput): RouteOutcome {
  const { intent, attempt } = input;
  const arrival = intent.next_action?.verify_with_microdeposits?.arrival_date;
  return pageAnswer({
    title: 'Verify your bank account',
    status: input.status ?? 200,
    changed: input.changed ?? false,
    formTargets: [],
    body: html`<p>This is the emulator's test microdeposit verification page.</p>
${bankLine(input.paymentMethod)}
${input.error === undefined ? html`` : html`<p class="error" role="alert">${input.error}</p>`}
<form method="post" action="${microdepositPath(intent.id)}">
<input type="hidden" name="attempt" value="${attempt}">
${fields(input.type, input.entry ?? {}, input.testValues)}
<div class="actions"><button type="submit">Verify account</button></div>
</form>
<p class="note">SetupIntent <code>${intent.id}</code>, attempt <code>${attempt}</code>${arrival === undefined ? '' : html`; deposits expected by ${formatTime(arrival)}`}.</p>`,
  });
}

/** The page shown once verification has ended: verified (no message), or failed for good (why). */
export function microdepositResultPage(intent: SetupIntent, message: string | null): RouteOutcome {
  const verified = message === null;
  return pageAnswer({
    title: verified ? 'Bank account verified' : 'Verification failed',
    changed: true,
    body: html`${message === null ? html`` : html`<p class="error" role="alert">${message}</p>`}
<p>The SetupIntent <code>${intent.id}</code> now has the status <strong>${intent.status}</strong>.</p>
<p class="note">You can close this page.</p>`,
  });
}
