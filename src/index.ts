// The public entry of setup-intent-machine: explicit exports only.

/**
 * Stripe SetupIntents modelled exactly: the statechart, the pure operations that apply every
 * SetupIntent call the way Stripe does, the events they emit, the test payment method catalogue,
 * and the validator of webhook logs.
 *
 * @packageDocumentation
 * @module setup-intent-machine
 */

export type {
  SetupIntent,
  SetupIntentStatus,
  SetupIntentCancellationReason,
  SetupIntentUsage,
  SetupIntentFlowDirection,
  SetupIntentAutomaticPaymentMethods,
  SetupIntentPaymentMethodConfigurationDetails,
  SetupIntentNextAction,
  SetupIntentNextActionRedirectToUrl,
  SetupIntentNextActionVerifyWithMicrodeposits,
  SetupIntentCardOptions,
  SetupIntentCardMandateOptions,
  SetupIntentVerificationMethod,
  SetupIntentAcssDebitOptions,
  SetupIntentDebitMandateReferenceOptions,
  SetupIntentUsBankAccountOptions,
  SetupIntentPaymentMethodOptions,
  PublishableSetupIntent,
  SetupIntentList,
  SetupIntentManagedPayments,
} from './types/setup-intent.js';
export { SETUP_INTENT_STATUSES } from './types/setup-intent.js';
export type { Metadata } from './types/metadata.js';
export type {
  Emptyable,
  MetadataParam,
  MandateDataParam,
  ConfirmMandateDataParam,
  PaymentMethodDataParam,
  PaymentMethodOptionsParam,
  SetupIntentCreateParams,
  SetupIntentUpdateParams,
  SetupIntentConfirmParams,
  SetupIntentCancelParams,
  SetupIntentVerifyMicrodepositsParams,
  SetupIntentRetrieveParams,
  SetupIntentListParams,
  CreatedFilter,
} from './types/params.js';
export type {
  PaymentMethod,
  PaymentMethodCard,
  PaymentMethodSepaDebit,
  PaymentMethodUsBankAccount,
  PaymentMethodAcssDebit,
  ModelledPaymentMethodType,
  BillingDetails,
  Address,
  Customer,
  CustomerInvoiceCustomField,
  CustomerInvoiceRenderingOptions,
  CustomerInvoiceSettings,
  CustomerShipping,
  DeletedCustomer,
  PaymentMethodAllowRedisplay,
} from './types/payment-method.js';
export type { SetupAttempt, SetupAttemptStatus, SetupAttemptPaymentMethodDetails } from './types/setup-attempt.js';
export type { Mandate, MandateCustomerAcceptance } from './types/mandate.js';
export type { StripeApiError, StripeErrorType, StripeRequestError } from './types/stripe-error.js';

export { setupIntentMachine } from './machine/setup-intent-machine.js';
export type {
  SetupIntentMachineEvent,
  SetupIntentMachineEventType,
  SetupIntentMachineContext,
  ConfirmationOutcome,
  PaymentMethodChange,
  MicrodepositOutcome,
  PendingActionKind,
  ActionCompletionOutcome,
  SetupIntentMachineAction,
  SetupIntentTransitionMeta,
} from './machine/setup-intent-machine.js';
export { allTransitions, contextAfter, editableWhenFinal, statusAccepts, statusesAccepting, step } from './machine/step.js';
export type { SetupIntentTransition } from './machine/step.js';
export type { MachineTransition } from './machine/step-table.js';
export { describeMachine } from './diagram/machine-definition.js';
export { toDot } from './diagram/dot.js';
export { toMermaid } from './diagram/mermaid.js';
export { toOverviewDot } from './diagram/overview-dot.js';
export { statusEventTable, transitionTables } from './diagram/lifecycle-tables.js';
export type {
  MachineDefinition,
  MachineStateDefinition,
  MachineTransitionDefinition,
} from './diagram/machine-definition.js';

export { atApiVersion, createEnvironment, DEFAULT_EPOCH } from './core/environment.js';
export { API_VERSION_CHANGES, apiVersionBehavior, isApiVersion } from './core/api-versions.js';
export type { ApiVersion, ApiVersionBehavior, ApiVersionChange } from './core/api-versions.js';
export { ADDED_KEYS, renderedAt } from './core/version-view.js';
export type { AddedKey } from './core/version-view.js';
export type { SetupIntentEnvironment, EnvironmentOptions, HostedPageUrls } from './core/environment.js';
export { DEFAULT_BEHAVIOR } from './core/behavior.js';
export type { BehaviorOptions } from './core/behavior.js';
export { createSeededIdGenerator, resumeSeededIdGenerator } from './core/ids.js';
export type { IdGenerator, IdPrefix, SeededIdGenerator, SeededIdGeneratorState } from './core/ids.js';
export type { ApiKeyKind, CallerAccess } from './core/access.js';
export type {
  SetupIntentRecord,
  PendingStep,
  PendingCustomerAction,
  PendingMicrodeposits,
  PendingProcessing,
  PendingSettlement,
} from './core/setup-intent-record.js';
export type {
  OperationResult,
  OperationApplied,
  OperationFailed,
  OperationRefused,
  RelatedChanges,
} from './core/operation-result.js';
export {
  EMPTY_COMMIT,
  commitOfCustomerDeletion,
  commitOfCustomerResult,
  commitOfPaymentMethodAttachment,
  commitOfPaymentMethodCreation,
  commitOfPaymentMethodRetrieval,
  commitOfSetupIntentResult,
  isEmptyCommit,
} from './core/commit.js';
export type { Commit, SetupIntentChange } from './core/commit.js';
export { SetupIntentMachineError } from './core/misuse-error.js';
export { docUrlFor } from './core/stripe-errors.js';

export { createSetupIntent } from './operations/create-setup-intent.js';
export { updateSetupIntent } from './operations/update-setup-intent.js';
export { retrieveSetupIntent } from './operations/retrieve-setup-intent.js';
export { publishableView } from './core/caller-view.js';
export { listSetupIntents } from './operations/list-setup-intents.js';
export { cancelSetupIntent } from './operations/cancel-setup-intent.js';
export { confirmSetupIntent } from './operations/confirm-setup-intent.js';
export { verifyMicrodeposits } from './operations/verify-microdeposits.js';
export { completeCustomerAction } from './operations/complete-customer-action.js';
export type { CustomerActionOutcome } from './operations/complete-customer-action.js';
export { expireSetupAttempt } from './operations/expire-attempt.js';
export { settleProcessing } from './operations/settle-processing.js';
export { advanceTime, nextDueAt } from './operations/advance-time.js';
export { succeedTestSetupIntent } from './operations/succeed-test-setup-intent.js';
export { failTestSetupIntent } from './operations/fail-test-setup-intent.js';
export { pendingAuthentication } from './operations/pending-authentication.js';
export { authenticateSetupAttempt } from './operations/authenticate-setup-attempt.js';
export { pendingMicrodepositVerification } from './operations/pending-microdeposit-verification.js';
export type { PendingMicrodepositVerification } from './operations/pending-microdeposit-verification.js';
export { verifySetupAttemptMicrodeposits } from './operations/verify-setup-attempt-microdeposits.js';
export { createPaymentMethod } from './operations/create-payment-method.js';
export type { PaymentMethodCreateParams, PaymentMethodCreation } from './operations/create-payment-method.js';
export { attachPaymentMethod, detachPaymentMethod } from './operations/attach-payment-method.js';
export { updatePaymentMethod } from './operations/update-payment-method.js';
export type { PaymentMethodUpdateParams } from './operations/update-payment-method.js';
export type { PaymentMethodAttachment } from './operations/attach-payment-method.js';
export { retrievePaymentMethod } from './operations/retrieve-payment-method.js';
export type { PaymentMethodRetrieval } from './operations/retrieve-payment-method.js';
export { createCustomer } from './operations/create-customer.js';
export type { CustomerCreateParams } from './operations/create-customer.js';
export { updateCustomer } from './operations/update-customer.js';
export type { CustomerUpdateParams } from './operations/update-customer.js';
export type { CustomerResult } from './operations/customer-result.js';
export type { CustomerAddressParam, CustomerFieldParams, CustomerInvoiceSettingsParam, CustomerShippingParam } from './operations/customer-fields.js';
export { retrieveCustomer } from './operations/retrieve-customer.js';
export { deleteCustomer } from './operations/delete-customer.js';
export type { CustomerDeletion } from './operations/delete-customer.js';
export { searchCustomers } from './operations/search-customers.js';
export type { CustomerSearchParams, SearchResult } from './operations/search-customers.js';
export { parseSearchQuery } from './operations/customer-search-query.js';
export type { SearchClause, SearchOperator, SearchQuery, SearchQueryParse } from './operations/customer-search-query.js';
export type { ReadResult } from './operations/read-result.js';

export { createTestPaymentMethodCatalogue, DEFAULT_CATALOGUE } from './catalogue/catalogue.js';
export type { TestPaymentMethodCatalogue } from './catalogue/catalogue.js';
export { microdepositTestValuesFor, verifyingMicrodepositParams } from './catalogue/microdeposit-test-values.js';
export type { MicrodepositType } from './catalogue/microdeposit-test-values.js';
export {
  DEFAULT_TEST_PAYMENT_METHODS,
  DEFAULT_MICRODEPOSIT_TEST_VALUES,
  TEST_CARDS,
  TEST_SEPA_ACCOUNTS,
  TEST_US_BANK_ACCOUNTS,
  TEST_ACSS_ACCOUNTS,
} from './catalogue/default-test-payment-methods.js';
export type {
  TestPaymentMethod,
  TestPaymentDetails,
  TestCard,
  TestSepaAccount,
  TestUsBankAccount,
  TestAcssAccount,
  TestCardError,
  TestSetupFailure,
  TestSettlement,
  ThreeDSecureSupport,
  MicrodepositTestValue,
  MicrodepositTestOutcome,
} from './catalogue/test-payment-method.js';

export { API_VERSION, SETUP_INTENT_EVENT_TYPES } from './events/stripe-event.js';
export type {
  StripeEvent,
  StripeEventType,
  StripeEventEnvelope,
  SetupIntentEvent,
  SetupIntentEventType,
  SetupIntentCreatedEvent,
  SetupIntentRequiresActionEvent,
  SetupIntentSetupFailedEvent,
  SetupIntentSucceededEvent,
  SetupIntentCanceledEvent,
  PaymentMethodAttachedEvent,
  PaymentMethodDetachedEvent,
  PaymentMethodUpdatedEvent,
  CustomerCreatedEvent,
  CustomerUpdatedEvent,
  CustomerDeletedEvent,
  MandateUpdatedEvent,
  EventRequest,
} from './events/stripe-event.js';

export { validateEventSequence, validateEventStream } from './validation/validate-events.js';
export { EventLogValidator } from './validation/event-log-validator.js';
export { formatValidationReport } from './validation/format-report.js';
export { reportToMermaid, timelineToMermaid, timelineToMermaidSequence } from './validation/report-diagram.js';
export type { ReportDiagramOptions } from './validation/report-diagram.js';
export type {
  ValidationReport,
  ValidationOptions,
  ValidationStats,
  EventFinding,
  EventIssueCode,
  EventNoteCode,
  TimelineEntry,
} from './validation/validation-report.js';

export { createMemoryStore } from './store/memory-store.js';
export type { MemoryStore } from './store/memory-store.js';

// PaymentIntents paying with a saved card: the statechart, its step table, the operations, and the Charges they make.
export type {
  PaymentIntent,
  PaymentIntentStatus,
  PaymentIntentCancellationReason,
  PaymentIntentSetupFutureUsage,
  PaymentIntentNextAction,
  PaymentIntentAutomaticPaymentMethods,
  PaymentIntentCardOptions,
  PaymentIntentPaymentMethodOptions,
  PaymentIntentManagedPayments,
  PaymentIntentAmountDetails,
  PaymentIntentList,
  PaymentIntentCaptureMethod,
} from './types/payment-intent.js';
export { PAYMENT_INTENT_STATUSES } from './types/payment-intent.js';
export type { Charge, ChargeStatus, ChargeOutcome, ChargeCardDetails, ChargePaymentMethodDetails, ChargeThreeDSecure } from './types/charge.js';
export { paymentIntentMachine } from './machine/payment-intent-machine.js';
export type {
  PaymentIntentMachineEvent,
  PaymentIntentMachineEventType,
  PaymentIntentMachineContext,
  PaymentIntentMachineAction,
  PaymentIntentTransitionMeta,
  PaymentOutcome,
  AuthenticatedChargeOutcome,
  PaymentIntentPaymentMethodChange,
} from './machine/payment-intent-machine.js';
export {
  allPaymentIntentTransitions,
  paymentIntentContextAfter,
  paymentIntentEditableFields,
  paymentIntentEditableWhenFinal,
  paymentIntentStatusAccepts,
  paymentIntentStatusesAccepting,
  paymentIntentStep,
  PAYMENT_INTENT_FINAL_STATUSES,
  PAYMENT_INTENT_INITIAL_STATUS,
} from './machine/payment-intent-step.js';
export type { PaymentIntentTransition } from './machine/payment-intent-step.js';
export type { PaymentIntentRecord, PendingPaymentAuthentication } from './core/payment-intent-record.js';
export type {
  PaymentIntentResult,
  PaymentIntentApplied,
  PaymentIntentFailed,
  PaymentIntentRefused,
  PaymentIntentChanges,
} from './core/payment-intent-result.js';
export { commitOfPaymentIntentResult } from './core/commit.js';
export type { PaymentIntentChange } from './core/commit.js';
export type {
  PaymentIntentCreateParams,
  PaymentIntentUpdateParams,
  PaymentIntentConfirmParams,
  PaymentIntentCancelParams,
  PaymentIntentCaptureParams,
  PaymentIntentRetrieveParams,
  PaymentIntentListParams,
} from './params/payment-intent-param-specs.js';
export { createPaymentIntent } from './operations/create-payment-intent.js';
export { updatePaymentIntent } from './operations/update-payment-intent.js';
export { confirmPaymentIntent } from './operations/confirm-payment-intent.js';
export { cancelPaymentIntent } from './operations/cancel-payment-intent.js';
export { capturePaymentIntent } from './operations/capture-payment-intent.js';
export { retrievePaymentIntent } from './operations/retrieve-payment-intent.js';
export { listPaymentIntents } from './operations/list-payment-intents.js';
export { authenticatePaymentIntent, pendingPaymentAuthentication } from './operations/authenticate-payment-intent.js';
export { retrieveCharge } from './operations/retrieve-charge.js';
export { PAYMENT_INTENT_EVENT_TYPES } from './events/stripe-event.js';
export type {
  PaymentIntentEvent,
  PaymentIntentEventType,
  PaymentIntentCreatedEvent,
  PaymentIntentRequiresActionEvent,
  PaymentIntentPaymentFailedEvent,
  PaymentIntentAmountCapturableUpdatedEvent,
  PaymentIntentSucceededEvent,
  PaymentIntentCanceledEvent,
  ChargeEvent,
  ChargeEventType,
  ChargeSucceededEvent,
  ChargeFailedEvent,
  ChargeCapturedEvent,
  ChargeRefundedEvent,
  RefundCreatedEvent,
  RefundEventType,
} from './events/stripe-event.js';
export type { Refund, RefundList, RefundReason, RefundDestinationDetails, RefundCardDestination } from './types/refund.js';
export { REFUND_REASONS } from './types/refund.js';
export type { RefundCreateParams, RefundUpdateParams, RefundListParams } from './params/refund-param-specs.js';
export type { RefundResult } from './operations/refund-result.js';
export type { RefundLookups, RefundPath } from './operations/create-refund.js';
export type { RefundListScope } from './operations/list-refunds.js';
export { createRefund } from './operations/create-refund.js';
export { updateRefund } from './operations/update-refund.js';
export { retrieveRefund } from './operations/retrieve-refund.js';
export { cancelRefund } from './operations/cancel-refund.js';
export { listRefunds } from './operations/list-refunds.js';
export { commitOfRefundResult } from './core/commit.js';
export type { TestCardCharge, TestChargeAuthentication } from './catalogue/test-payment-method.js';
