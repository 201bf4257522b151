import { parameterMissing, resourceMissing } from '../../core/stripe-errors.js';
import { matchesCreated } from '../../operations/list-setup-intents.js';
import type { CreatedFilter } from '../../types/params.js';
import { newestFirst, paginate } from '../pagination.js';
import type { PageParams } from '../pagination.js';
import type { Route } from '../router.js';
import { answerWith, refusal } from '../route-answers.js';
import { EXPAND_PARAM, ID_PARAM, PAGE_PARAMS, checkRouteParams } from '../route-params.js';

type AttemptListParams = PageParams & { readonly setup_intent?: string; readonly created?: CreatedFilter };

/** `GET /v1/setup_attempts` (by SetupIntent) and `GET /v1/mandates/:mandate`. */
export const SETUP_ATTEMPT_AND_MANDATE_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/v1/setup_attempts',
    auth: 'secret',
    renders: 'list:setup_attempt',
    handle: (context) => {
      const check = checkRouteParams<AttemptListParams>(context, { ...PAGE_PARAMS, setup_intent: ID_PARAM, created: { kind: 'created_filter' } });
      if (!check.ok) {
        return refusal(check.error);
      }
      const intent = check.params.setup_intent;
      if (intent === undefined) {
        return refusal(parameterMissing('setup_intent'));
      }
      if (!context.state.store.setupIntents.has(intent)) {
        return refusal(resourceMissing('setupintent', intent, 'setup_intent', 400));
      }
      const attempts = newestFirst(context.state.store.setupAttempts.values()).filter(
        (attempt) => attempt.setup_intent === intent && matchesCreated(attempt.created, check.params.created),
      );
      const page = paginate(attempts, check.params, '/v1/setup_attempts', 'setup_attempt');
      return page.ok ? answerWith(context, page.list, false) : refusal(page.error);
    },
  },
  {
    method: 'GET',
    pattern: '/v1/mandates/:mandate',
    auth: 'secret',
    renders: 'mandate',
    handle: (context) => {
      const id = context.path['mandate'] ?? '';
      const mandate = context.state.store.mandates.get(id);
      if (mandate === undefined) {
        return refusal(resourceMissing('mandate', id, 'mandate', 404));
      }
      const check = checkRouteParams(context, { expand: EXPAND_PARAM });
      return check.ok ? answerWith(context, mandate, false) : refusal(check.error);
    },
  },
];
