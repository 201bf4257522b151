// The floor: a hand-written status switch over plain objects, with no validation and no Stripe
// objects. Nothing that models SetupIntents can be faster than this.

/** The state a new SetupIntent starts in. */
export function initialFloorState() {
  return { status: 'requires_payment_method', hasPaymentMethod: false };
}

/** Maps (state, event) to the next state for the confirm and cancel events. */
export function floorReducer(state, event) {
  switch (state.status) {
    case 'requires_payment_method':
    case 'requires_confirmation':
    case 'requires_action':
      if (event.type === 'api.cancel') {
        return { status: 'canceled', hasPaymentMethod: state.hasPaymentMethod };
      }
      if (event.type !== 'api.confirm' || !(state.hasPaymentMethod || event.hasPaymentMethod)) {
        return state;
      }
      switch (event.outcome) {
        case 'succeeded':
          return { status: 'succeeded', hasPaymentMethod: true };
        case 'requires_action':
          return { status: 'requires_action', hasPaymentMethod: true };
        case 'processing':
          return { status: 'processing', hasPaymentMethod: true };
        case 'failed':
          return { status: 'requires_payment_method', hasPaymentMethod: false };
        default:
          return state;
      }
    default:
      return state;
  }
}
