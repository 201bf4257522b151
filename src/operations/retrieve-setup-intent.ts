import type { CallerAccess } from '../core/access.js';
import { checkClientSecret } from '../core/access.js';
import { intentSeenBy } from '../core/caller-view.js';
import type { SetupIntentRecord } from '../core/setup-intent-record.js';
import { checkParams } from '../params/validate-params.js';
import { RETRIEVE_PARAMS } from '../params/setup-intent-param-specs.js';
import type { SetupIntentRetrieveParams } from '../types/params.js';
import type { PublishableSetupIntent, SetupIntent } from '../types/setup-intent.js';
import type { ReadResult } from './read-result.js';

/**
 * Retrieves a SetupIntent (`GET /v1/setup_intents/:id`, spec §2.2). A secret key sees the whole
 * object; a publishable key must send the `client_secret` and sees the publishable subset.
 */
export function retrieveSetupIntent(
  record: SetupIntentRecord,
  input: SetupIntentRetrieveParams = {},
  access?: CallerAccess,
): ReadResult<SetupIntent | PublishableSetupIntent> {
  const check = checkParams(input, RETRIEVE_PARAMS);
  if (!check.ok) {
    return { kind: 'refused', error: check.error };
  }
  const params = check.params as SetupIntentRetrieveParams;
  const secretError = checkClientSecret(record.intent, params.client_secret, access);
  if (secretError !== null) {
    return { kind: 'refused', error: secretError };
  }
  return { kind: 'found', value: intentSeenBy(access, record.intent) };
}
