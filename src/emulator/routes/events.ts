import { invalidParameter, resourceMissing } from '../../core/stripe-errors.js';
import type { StripeEvent } from '../../events/stripe-event.js';
import type { CreatedFilter } from '../../types/params.js';
import { fromTheEnd, paginateNewestFirst } from '../pagination.js';
import type { PageParams } from '../pagination.js';
import type { Route } from '../router.js';
import { answerWith, refusal } from '../route-answers.js';
import { EXPAND_PARAM, PAGE_PARAMS, checkRouteParams } from '../route-params.js';
import { endpointWantsEvent } from '../webhooks/event-matching.js';
import { matchesCreated } from '../../operations/list-setup-intents.js';

type EventListParams = PageParams & {
  readonly type?: string;
  readonly types?: readonly string[];
  readonly created?: CreatedFilter;
};

/** `GET /v1/events` (newest first, `type` with wildcards, `types[]`, `created`) and `GET /v1/events/:id`. */
export const EVENT_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/v1/events',
    auth: 'secret',
    renders: 'list:event',
    handle: (context) => {
      const check = checkRouteParams<EventListParams>(context, {
        ...PAGE_PARAMS,
        type: { kind: 'string', max: 5000 },
        types: { kind: 'string_array' },
        created: { kind: 'created_filter' },
        delivery_success: { kind: 'boolean' },
      });
      if (!check.ok) {
        return refusal(check.error);
      }
      const { type, types, created } = check.params;
      if (type !== undefined && types !== undefined) {
        return refusal(invalidParameter('types', 'You may only specify one of these parameters: type, types.'));
      }
      const wanted = types ?? (type === undefined ? undefined : [type]);
      const page = paginateNewestFirst<StripeEvent>(
        fromTheEnd(context.state.store.events),
        (event) => (wanted === undefined || endpointWantsEvent(wanted, event.type)) && matchesCreated(event.created, created),
        check.params,
        '/v1/events',
        'event',
      );
      return page.ok ? answerWith(context, page.list, false) : refusal(page.error);
    },
  },
  {
    method: 'GET',
    pattern: '/v1/events/:event',
    auth: 'secret',
    renders: 'event',
    handle: (context) => {
      const id = context.path['event'] ?? '';
      const event = context.state.eventsById.get(id);
      if (event === undefined) {
        return refusal(resourceMissing('event', id, 'id', 404));
      }
      const check = checkRouteParams(context, { expand: EXPAND_PARAM });
      return check.ok ? answerWith(context, event, false) : refusal(check.error);
    },
  },
];
