import type { Mandate } from '../../types/mandate.js';
import type { RouteOutcome } from '../router.js';
import { formatTime, html, pageAnswer } from './html.js';
import type { Html } from './html.js';

function row(term: string, value: Html | string): Html {
  return html`<dt>${term}</dt><dd>${value}</dd>`;
}

function acceptanceRows(mandate: Mandate): Html[] {
  const acceptance = mandate.customer_acceptance;
  const rows = [
    row('Accepted', acceptance.type === 'online' ? 'Online' : 'Offline'),
    row('Accepted at', acceptance.accepted_at === null ? 'Unknown' : formatTime(acceptance.accepted_at)),
  ];
  if (acceptance.online !== undefined) {
    rows.push(row('IP address', acceptance.online.ip_address ?? 'Not recorded'));
    rows.push(row('User agent', acceptance.online.user_agent ?? 'Not recorded'));
  }
  return rows;
}

function usageRow(mandate: Mandate): Html {
  const single = mandate.single_use;
  return single === undefined
    ? row('Type', 'Multi-use: the account may be debited again')
    : row('Type', `Single-use: one debit of ${single.amount} ${single.currency.toUpperCase()} (minor units)`);
}

/** A read-only page describing a mandate: its type, status, payment method and acceptance. */
export function mandatePage(mandate: Mandate): RouteOutcome {
  const details = mandate.payment_method_details;
  const reference = details.sepa_debit?.reference;
  return pageAnswer({
    title: 'Mandate',
    body: html`<p>This is the emulator's test page for a mandate: the customer's permission to debit their payment method.</p>
<dl>
${row('Mandate', html`<code>${mandate.id}</code>`)}
${row('Status', html`<strong>${mandate.status}</strong>`)}
${usageRow(mandate)}
${row('Payment method', html`<code>${mandate.payment_method}</code>`)}
${row('Payment method type', details.type)}
${reference === undefined ? html`` : row('Reference', reference)}
${acceptanceRows(mandate)}
</dl>`,
  });
}
