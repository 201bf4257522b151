import { resourceMissing } from '../../core/stripe-errors.js';
import { retrieveCharge } from '../../operations/retrieve-charge.js';
import type { Route } from '../router.js';
import { answerRead, refusal } from '../route-answers.js';

/** `GET /v1/charges/:charge`: the Charges PaymentIntents made. */
export const CHARGE_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/v1/charges/:charge',
    auth: 'secret',
    renders: 'charge',
    handle: (context) => {
      const id = context.path['charge'] ?? '';
      const charge = context.state.store.charges.get(id);
      // Stripe names the parameter `id` here, not `charge` (recorded: stripe-world-04-money-path.json).
      return charge === undefined
        ? refusal(resourceMissing('charge', id, 'id', 404))
        : answerRead(context, retrieveCharge(charge, context.params as { readonly expand?: readonly string[] }));
    },
  },
];
