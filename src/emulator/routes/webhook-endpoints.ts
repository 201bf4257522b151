import { invalidParameter, parameterMissing, resourceMissing } from '../../core/stripe-errors.js';
import { mergeMetadata, tooManyMetadataKeys } from '../../operations/metadata-updates.js';
import type { ParamSpecs } from '../../params/param-spec.js';
import type { WebhookEndpoint } from '../emulator-state.js';
import { newestFirst, paginate } from '../pagination.js';
import type { PageParams } from '../pagination.js';
import type { Route, RouteContext, RouteOutcome } from '../router.js';
import { answerWith, refusal } from '../route-answers.js';
import { EXPAND_PARAM, PAGE_PARAMS, checkRouteParams } from '../route-params.js';
import { isValidEnabledEvent } from '../webhooks/event-matching.js';
import { webhookTargetProblem } from '../webhooks/webhook-targets.js';

interface EndpointFields {
  readonly url?: string;
  readonly enabled_events?: readonly string[];
  readonly description?: string;
  readonly metadata?: Readonly<Record<string, string>> | '';
  readonly api_version?: string;
  readonly disabled?: boolean;
}

const COMMON: ParamSpecs = {
  url: { kind: 'string', max: 5000 },
  enabled_events: { kind: 'string_array' },
  description: { kind: 'string', max: 5000, emptyUnsets: true },
  metadata: { kind: 'metadata', emptyUnsets: true },
  expand: EXPAND_PARAM,
};

function checkFields(fields: EndpointFields): RouteOutcome | null {
  if (fields.url !== undefined) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(fields.url);
    } catch {
      parsed = null;
    }
    if (parsed === null || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      return refusal(invalidParameter('url', `Invalid URL: ${fields.url}`));
    }
    // Endpoints created through the API never reach link-local or unspecified addresses; only the
    // operator's own targets (`serve --allow-webhook-target`) may.
    const problem = webhookTargetProblem(fields.url);
    if (problem !== null) {
      return refusal(invalidParameter('url', `Invalid URL: ${fields.url} (${problem}).`));
    }
  }
  const events = fields.enabled_events;
  if (events !== undefined) {
    const bad = events.findIndex((type) => !isValidEnabledEvent(type));
    if (bad !== -1) {
      return refusal(invalidParameter(`enabled_events[${bad}]`, `Invalid event type: ${events[bad]}`));
    }
    if (events.length === 0) {
      return refusal(invalidParameter('enabled_events', 'You must specify at least one event type.'));
    }
  }
  return null;
}

function metadataAfter(current: Readonly<Record<string, string>>, given: EndpointFields['metadata']): Record<string, string> {
  return given === undefined ? { ...current } : mergeMetadata(current, given);
}

function withEndpoint(context: RouteContext, use: (endpoint: WebhookEndpoint) => RouteOutcome): RouteOutcome {
  const id = context.path['webhook_endpoint'] ?? '';
  const endpoint = context.state.webhookEndpoints.get(id);
  return endpoint === undefined ? refusal(resourceMissing('webhook_endpoint', id, 'id', 404)) : use(endpoint);
}

/** `/v1/webhook_endpoints`: create (answers the `whsec_` secret once), retrieve, update, list, delete. */
export const WEBHOOK_ENDPOINT_ROUTES: readonly Route[] = [
  {
    method: 'POST',
    pattern: '/v1/webhook_endpoints',
    auth: 'secret',
    renders: 'webhook_endpoint',
    handle: (context) => {
      const check = checkRouteParams<EndpointFields>(context, { ...COMMON, api_version: { kind: 'string', max: 5000 } });
      if (!check.ok) {
        return refusal(check.error);
      }
      const fields = check.params;
      if (fields.url === undefined) {
        return refusal(parameterMissing('url'));
      }
      if (fields.enabled_events === undefined) {
        return refusal(parameterMissing('enabled_events'));
      }
      const problem = checkFields(fields);
      if (problem !== null) {
        return problem;
      }
      const state = context.state;
      const endpoint: WebhookEndpoint = {
        id: state.ids.id('we'),
        object: 'webhook_endpoint',
        api_version: fields.api_version ?? null,
        application: null,
        created: state.time,
        description: fields.description === undefined || fields.description === '' ? null : fields.description,
        enabled_events: fields.enabled_events,
        livemode: false,
        metadata: metadataAfter({}, fields.metadata),
        status: 'enabled',
        url: fields.url,
      };
      // The keyed id generator's token: no id gives it away, and replaying the data file makes it again.
      const secret = `whsec_${state.ids.token(32)}`;
      state.webhookEndpoints.set(endpoint.id, endpoint);
      state.webhookSecrets.set(endpoint.id, secret);
      return answerWith(context, { ...endpoint, secret }, true);
    },
  },
  {
    method: 'GET',
    pattern: '/v1/webhook_endpoints',
    auth: 'secret',
    renders: 'list:webhook_endpoint',
    handle: (context) => {
      const check = checkRouteParams<PageParams>(context, PAGE_PARAMS);
      if (!check.ok) {
        return refusal(check.error);
      }
      const page = paginate(newestFirst(context.state.webhookEndpoints.values()), check.params, '/v1/webhook_endpoints', 'webhook_endpoint');
      return page.ok ? answerWith(context, page.list, false) : refusal(page.error);
    },
  },
  {
    method: 'GET',
    pattern: '/v1/webhook_endpoints/:webhook_endpoint',
    auth: 'secret',
    renders: 'webhook_endpoint',
    handle: (context) =>
      withEndpoint(context, (endpoint) => {
        const check = checkRouteParams(context, { expand: EXPAND_PARAM });
        return check.ok ? answerWith(context, endpoint, false) : refusal(check.error);
      }),
  },
  {
    method: 'POST',
    pattern: '/v1/webhook_endpoints/:webhook_endpoint',
    auth: 'secret',
    renders: 'webhook_endpoint',
    handle: (context) =>
      withEndpoint(context, (endpoint) => {
        const check = checkRouteParams<EndpointFields>(context, { ...COMMON, disabled: { kind: 'boolean' } });
        if (!check.ok) {
          return refusal(check.error);
        }
        const fields = check.params;
        const problem = checkFields(fields);
        if (problem !== null) {
          return problem;
        }
        const metadata = metadataAfter(endpoint.metadata, fields.metadata);
        const tooMany = tooManyMetadataKeys(metadata);
        if (tooMany !== null) {
          return refusal(tooMany);
        }
        const updated: WebhookEndpoint = {
          ...endpoint,
          url: fields.url ?? endpoint.url,
          enabled_events: fields.enabled_events ?? endpoint.enabled_events,
          description: fields.description === undefined ? endpoint.description : fields.description === '' ? null : fields.description,
          metadata,
          status: fields.disabled === undefined ? endpoint.status : fields.disabled ? 'disabled' : 'enabled',
        };
        context.state.webhookEndpoints.set(updated.id, updated);
        return answerWith(context, updated, true);
      }),
  },
  {
    method: 'DELETE',
    pattern: '/v1/webhook_endpoints/:webhook_endpoint',
    auth: 'secret',
    renders: 'none',
    handle: (context) =>
      withEndpoint(context, (endpoint) => {
        context.state.webhookEndpoints.delete(endpoint.id);
        context.state.webhookSecrets.delete(endpoint.id);
        return { status: 200, body: { id: endpoint.id, object: 'webhook_endpoint', deleted: true }, changed: true };
      }),
  },
];
