// The parameter specs of the SetupIntent operations. They are generated, with the parameter types, into
// generated-setup-intent-params.ts (`npm run params:generate`); this file keeps the imports that name it.
export {
  CANCEL_PARAMS,
  CONFIRM_PARAMS,
  CREATE_PARAMS,
  LIST_PARAMS,
  PAYMENT_METHOD_DATA_PARAM,
  RETRIEVE_PARAMS,
  UPDATE_PARAMS,
  VERIFY_MICRODEPOSITS_PARAMS,
} from './generated-setup-intent-params.js';
