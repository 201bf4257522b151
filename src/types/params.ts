// The request parameter types of the SetupIntent operations. They are generated, with the specs the
// checker applies, into src/params/generated-setup-intent-params.ts (`npm run params:generate`), so the
// two cannot disagree; this file keeps the imports that name it.
export type {
  ConfirmMandateDataParam,
  CreatedFilter,
  Emptyable,
  MandateDataParam,
  MetadataParam,
  PaymentMethodDataParam,
  PaymentMethodOptionsParam,
  SetupIntentCancelParams,
  SetupIntentConfirmParams,
  SetupIntentCreateParams,
  SetupIntentListParams,
  SetupIntentRetrieveParams,
  SetupIntentUpdateParams,
  SetupIntentVerifyMicrodepositsParams,
} from '../params/generated-setup-intent-params.js';
