"""SetupIntent scenarios written the way a stripe-python 5.0.0 user writes them.

Run against any Stripe-compatible server:

    STRIPE_API_BASE=http://127.0.0.1:12111 python3 setup_intent_scenarios.py [--json FILE] [NAME ...]

The SDK is used as shipped: no request is rewritten, so what goes over the wire is what
stripe-python 5.0.0 sends to api.stripe.com (Python booleans as ``True``/``False``, an
``Idempotency-Key`` on every POST, no ``Stripe-Version`` unless one is asked for).

Each expectation that states how Stripe behaves names its source: a page of Stripe's
documentation, or a section of this repository's docs (``docs/...``) where the emulator's own
behaviour is meant. When a scenario fails, the requests it made and the answers it got (from
stripe-python's own debug log) are printed after it.
"""

import http.server
import json
import logging
import os
import sys
import threading
import time
import traceback
import uuid

import stripe

API_BASE = os.environ.get("STRIPE_API_BASE")
if not API_BASE:
    sys.exit("STRIPE_API_BASE must name the server to test, e.g. http://127.0.0.1:12111")

stripe.api_key = os.environ.get("STRIPE_API_KEY", "sk_test_setup_intent_scenarios")
stripe.api_base = API_BASE

# Online acceptance of a mandate, as server-side confirmations of bank debits pass it.
# https://docs.stripe.com/api/setup_intents/confirm#confirm_setup_intent-mandate_data
MANDATE_DATA = {
    "customer_acceptance": {
        "type": "online",
        "online": {"ip_address": "203.0.113.7", "user_agent": "Mozilla/5.0 (scenarios)"},
    }
}
RETURN_URL = "https://example.com/setup/complete"


# --------------------------------------------------------------------------------------------
# A tiny runner: each scenario is a function; a failed assertion or an unexpected exception fails
# it. stripe-python's debug log (every request line, its body and the answer) is captured per
# scenario and shown when the scenario fails.
# --------------------------------------------------------------------------------------------

SCENARIOS = []


def scenario(function):
    SCENARIOS.append(function)
    return function


class Captured(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def equal(actual, expected, what):
    if actual != expected:
        raise AssertionError("%s: expected %r, got %r" % (what, expected, actual))


def raises(kind, call, *args, **kwargs):
    """Calls ``call`` and returns the ``kind`` error it raises; anything else fails."""
    try:
        result = call(*args, **kwargs)
    except kind as error:
        return error
    except stripe.error.StripeError as error:
        raise AssertionError(
            "expected %s, got %s (HTTP %s): %s"
            % (kind.__name__, type(error).__name__, error.http_status, error.user_message)
        )
    raise AssertionError("expected %s, got a success: %r" % (kind.__name__, result))


def card_setup_intent(**params):
    """A SetupIntent for cards, as most integrations create one server-side."""
    return stripe.SetupIntent.create(payment_method_types=["card"], **params)


# --------------------------------------------------------------------------------------------
# Scenarios
# --------------------------------------------------------------------------------------------


@scenario
def create_bare():
    # https://docs.stripe.com/api/setup_intents/create (no parameter is required)
    # https://docs.stripe.com/api/setup_intents/object
    intent = stripe.SetupIntent.create()
    equal(intent.object, "setup_intent", "object")
    check(intent.id.startswith("seti_"), "id starts with seti_: %r" % intent.id)
    equal(intent.status, "requires_payment_method", "status")
    check(intent.client_secret.startswith(intent.id + "_secret_"), "client_secret is <id>_secret_...")
    equal(intent.usage, "off_session", "default usage")
    equal(intent.livemode, False, "livemode")
    equal(intent.customer, None, "customer")
    equal(intent.payment_method, None, "payment_method")


@scenario
def create_pinned_2022_11_15_defaults_to_card():
    # stripe-python 5.0.0 is generated for API version 2022-11-15 (stripe/api_version.py).
    # Before 2023-08-16, a SetupIntent created without payment_method_types gets ['card'] and
    # automatic_payment_methods is off, so a server-side confirm needs no return_url.
    # https://docs.stripe.com/changelog/2023-08-16 and https://docs.stripe.com/upgrades#2023-08-16
    intent = stripe.SetupIntent.create(stripe_version="2022-11-15")
    equal(intent.payment_method_types, ["card"], "payment_method_types")
    equal(intent.get("automatic_payment_methods"), None, "automatic_payment_methods")
    confirmed = stripe.SetupIntent.confirm(intent.id, payment_method="pm_card_visa", stripe_version="2022-11-15")
    equal(confirmed.status, "succeeded", "status")
    # The version asked for is the version answered.
    # https://docs.stripe.com/api/versioning
    equal(confirmed.last_response.headers.get("Stripe-Version"), "2022-11-15", "Stripe-Version answered")


@scenario
def create_with_customer_types_and_usage():
    # https://docs.stripe.com/api/setup_intents/create
    customer = stripe.Customer.create(email="jenny.rosen@example.com")
    intent = stripe.SetupIntent.create(customer=customer.id, payment_method_types=["card"], usage="on_session")
    equal(intent.customer, customer.id, "customer")
    equal(intent.payment_method_types, ["card"], "payment_method_types")
    equal(intent.usage, "on_session", "usage")
    equal(intent.status, "requires_payment_method", "status")


@scenario
def create_with_automatic_payment_methods():
    # automatic_payment_methods[enabled] is a boolean; allow_redirects=never lets a server-side
    # confirm go without return_url.
    # https://docs.stripe.com/api/setup_intents/create#create_setup_intent-automatic_payment_methods
    intent = stripe.SetupIntent.create(automatic_payment_methods={"enabled": True, "allow_redirects": "never"})
    equal(intent.automatic_payment_methods.enabled, True, "automatic_payment_methods.enabled")
    equal(intent.automatic_payment_methods.allow_redirects, "never", "allow_redirects")
    confirmed = stripe.SetupIntent.confirm(intent.id, payment_method="pm_card_visa")
    equal(confirmed.status, "succeeded", "status")


@scenario
def confirm_visa_succeeds():
    # pm_card_visa succeeds without authentication: https://docs.stripe.com/testing#cards
    # Succeeding attaches the payment method to the SetupIntent's customer:
    # https://docs.stripe.com/api/setup_intents/object#setup_intent_object-customer
    customer = stripe.Customer.create(email="visa@example.com")
    intent = card_setup_intent(customer=customer.id)
    confirmed = stripe.SetupIntent.confirm(intent.id, payment_method="pm_card_visa")
    equal(confirmed.status, "succeeded", "status")
    check(confirmed.payment_method.startswith("pm_"), "payment_method is a pm_ id")
    equal(confirmed.next_action, None, "next_action")
    equal(confirmed.last_setup_error, None, "last_setup_error")
    check(confirmed.latest_attempt.startswith("setatt_"), "latest_attempt is a setatt_ id")
    equal(stripe.PaymentMethod.retrieve(confirmed.payment_method).customer, customer.id, "payment method attached")
    # Instance method form, as the SDK's README shows.
    again = card_setup_intent()
    equal(again.confirm(payment_method="pm_card_mastercard").status, "succeeded", "instance confirm")


@scenario
def create_with_confirm_true():
    # confirm=true on create confirms at once: https://docs.stripe.com/api/setup_intents/create#create_setup_intent-confirm
    # stripe-python 5.0.0 sends the boolean as confirm=True.
    intent = stripe.SetupIntent.create(confirm=True, payment_method="pm_card_visa", payment_method_types=["card"])
    equal(intent.status, "succeeded", "status")


@scenario
def decline_raises_card_error_and_keeps_the_intent():
    # A decline answers 402 card_error and the SetupIntent returns to requires_payment_method with
    # last_setup_error. https://docs.stripe.com/testing#declined-payments (4000000000000002:
    # card_declined / generic_decline), https://docs.stripe.com/error-handling,
    # https://docs.stripe.com/api/setup_intents/object#setup_intent_object-last_setup_error
    intent = card_setup_intent()
    error = raises(stripe.error.CardError, stripe.SetupIntent.confirm, intent.id, payment_method="pm_card_chargeDeclined")
    equal(error.http_status, 402, "http_status")
    equal(error.code, "card_declined", "code")
    equal(error.error.decline_code, "generic_decline", "decline_code")
    equal(error.error.type, "card_error", "type")
    equal(error.error.setup_intent.id, intent.id, "error.setup_intent")
    after = stripe.SetupIntent.retrieve(intent.id)
    equal(after.status, "requires_payment_method", "status after the decline")
    equal(after.last_setup_error.code, "card_declined", "last_setup_error.code")
    equal(after.last_setup_error.decline_code, "generic_decline", "last_setup_error.decline_code")
    # Insufficient funds: https://docs.stripe.com/testing#declined-payments (4000000000009995)
    error = raises(stripe.error.CardError, stripe.SetupIntent.confirm, intent.id, payment_method="pm_card_visa_chargeDeclinedInsufficientFunds")
    equal(error.error.decline_code, "insufficient_funds", "decline_code")
    # A later success clears last_setup_error: https://docs.stripe.com/api/setup_intents/object#setup_intent_object-last_setup_error
    equal(stripe.SetupIntent.confirm(intent.id, payment_method="pm_card_visa").last_setup_error, None, "last_setup_error after success")


@scenario
def three_d_secure_requires_action():
    # 4000002760003184 (pm_card_authenticationRequired) always asks for authentication; with a
    # return_url the next action is a redirect. https://docs.stripe.com/testing#regulatory-cards,
    # https://docs.stripe.com/api/setup_intents/object#setup_intent_object-next_action
    intent = card_setup_intent()
    confirmed = stripe.SetupIntent.confirm(intent.id, payment_method="pm_card_authenticationRequired", return_url=RETURN_URL)
    equal(confirmed.status, "requires_action", "status")
    equal(confirmed.next_action.type, "redirect_to_url", "next_action.type")
    check(confirmed.next_action.redirect_to_url.url.startswith("http"), "redirect_to_url.url is a URL")
    equal(confirmed.next_action.redirect_to_url.return_url, RETURN_URL, "redirect_to_url.return_url")
    # The customer completes it (the emulator's test helper, docs/emulator.md#test-helpers).
    stripe.SetupIntent._static_request("post", "/v1/test_helpers/setup_intents/%s/succeed" % intent.id)
    equal(stripe.SetupIntent.retrieve(intent.id).status, "succeeded", "status after authentication")


@scenario
def cancel_then_cancel_again():
    # https://docs.stripe.com/api/setup_intents/cancel: only requires_payment_method,
    # requires_confirmation or requires_action can be canceled; otherwise
    # setup_intent_unexpected_state (https://docs.stripe.com/error-codes#setup-intent-unexpected-state).
    intent = card_setup_intent()
    canceled = stripe.SetupIntent.cancel(intent.id, cancellation_reason="requested_by_customer")
    equal(canceled.status, "canceled", "status")
    equal(canceled.cancellation_reason, "requested_by_customer", "cancellation_reason")
    error = raises(stripe.error.InvalidRequestError, stripe.SetupIntent.cancel, intent.id)
    equal(error.http_status, 400, "http_status")
    equal(error.code, "setup_intent_unexpected_state", "code")
    equal(error.error.setup_intent.status, "canceled", "error.setup_intent.status")


@scenario
def update_metadata():
    # https://docs.stripe.com/api/setup_intents/update and https://docs.stripe.com/api/metadata
    # (an empty value unsets a key).
    intent = card_setup_intent(metadata={"order_id": "6735"})
    equal(intent.metadata.to_dict(), {"order_id": "6735"}, "metadata on create")
    updated = stripe.SetupIntent.modify(intent.id, metadata={"plan": "gold", "order_id": ""}, description="Gold plan")
    equal(updated.metadata.to_dict(), {"plan": "gold"}, "metadata after update")
    equal(updated.description, "Gold plan", "description")
    # Saving an edited object, the other way stripe-python updates.
    updated.metadata["seats"] = "3"
    saved = updated.save()
    equal(saved.metadata.to_dict(), {"plan": "gold", "seats": "3"}, "metadata after save")


@scenario
def retrieve_and_expand():
    # https://docs.stripe.com/api/setup_intents/retrieve, https://docs.stripe.com/api/expanding_objects
    intent = stripe.SetupIntent.create(confirm=False, payment_method_types=["card"], payment_method="pm_card_visa")
    fetched = stripe.SetupIntent.retrieve(intent.id)
    equal(fetched.id, intent.id, "id")
    equal(fetched.status, "requires_confirmation", "status with a payment method, unconfirmed")
    expanded = stripe.SetupIntent.retrieve(intent.id, expand=["payment_method"])
    equal(expanded.payment_method.object, "payment_method", "expanded payment_method")
    equal(expanded.payment_method.card.last4, "4242", "card.last4")


@scenario
def retrieve_without_confirm_flag():
    # The same as retrieve_and_expand without any boolean parameter, so that a boolean problem
    # does not hide the rest. https://docs.stripe.com/api/setup_intents/retrieve
    intent = stripe.SetupIntent.create(payment_method_types=["card"], payment_method="pm_card_visa")
    fetched = stripe.SetupIntent.retrieve(intent.id, expand=["payment_method"])
    equal(fetched.status, "requires_confirmation", "status")
    equal(fetched.payment_method.card.last4, "4242", "card.last4")


@scenario
def list_by_customer_with_auto_paging():
    # https://docs.stripe.com/api/setup_intents/list (customer filter, newest first) and
    # https://docs.stripe.com/api/pagination/auto
    customer = stripe.Customer.create(email="list@example.com")
    created = [card_setup_intent(customer=customer.id).id for _ in range(5)]
    card_setup_intent()  # another customer's intent is not listed
    page = stripe.SetupIntent.list(customer=customer.id, limit=2)
    equal(len(page.data), 2, "first page size")
    equal(page.has_more, True, "has_more")
    listed = [intent.id for intent in stripe.SetupIntent.list(customer=customer.id, limit=2).auto_paging_iter()]
    equal(listed, list(reversed(created)), "every intent of the customer, newest first")


@scenario
def setup_attempts_of_an_intent():
    # https://docs.stripe.com/api/setup_attempts/list (setup_intent is required)
    intent = card_setup_intent()
    try:
        stripe.SetupIntent.confirm(intent.id, payment_method="pm_card_chargeDeclined")
    except stripe.error.CardError:
        pass
    stripe.SetupIntent.confirm(intent.id, payment_method="pm_card_visa")
    attempts = stripe.SetupAttempt.list(setup_intent=intent.id)
    equal(len(attempts.data), 2, "one attempt per confirmation")
    equal([attempt.status for attempt in attempts.data], ["succeeded", "failed"], "statuses, newest first")
    equal(attempts.data[0].setup_intent, intent.id, "setup_intent")
    equal(attempts.data[0].object, "setup_attempt", "object")
    equal(attempts.data[1].setup_error.code, "card_declined", "failed attempt's setup_error")


@scenario
def customer_create_retrieve_modify():
    # https://docs.stripe.com/api/customers/create, /retrieve, /update
    customer = stripe.Customer.create(email="jenny@example.com", name="Jenny Rosen", metadata={"crm": "42"})
    check(customer.id.startswith("cus_"), "id starts with cus_")
    fetched = stripe.Customer.retrieve(customer.id)
    equal(fetched.email, "jenny@example.com", "email")
    equal(fetched.name, "Jenny Rosen", "name")
    modified = stripe.Customer.modify(customer.id, name="Jenny R.", metadata={"crm": "43"})
    equal(modified.name, "Jenny R.", "name after modify")
    equal(modified.metadata.to_dict(), {"crm": "43"}, "metadata after modify")
    listed = [c.id for c in stripe.Customer.list(limit=100).auto_paging_iter()]
    check(customer.id in listed, "the customer is listed")


@scenario
def customer_create_with_payment_method():
    # payment_method on customer create attaches that PaymentMethod to the new customer; Tryton's
    # account_payment_stripe saves a card this way once its SetupIntent succeeded.
    # https://docs.stripe.com/api/customers/create#create_customer-payment_method
    intent = card_setup_intent()
    confirmed = stripe.SetupIntent.confirm(intent.id, payment_method="pm_card_visa")
    customer = stripe.Customer.create(payment_method=confirmed.payment_method, name="Customer")
    equal(stripe.PaymentMethod.retrieve(confirmed.payment_method).customer, customer.id, "attached to the new customer")


@scenario
def payment_method_from_raw_test_card_number():
    # Test card numbers work as card[number] in test mode, with any future expiry and any CVC;
    # 4000000000003055 supports 3D Secure without requiring it, so the setup succeeds without
    # authentication. https://docs.stripe.com/testing#cards, https://docs.stripe.com/testing#regulatory-cards
    payment_method = stripe.PaymentMethod.create(
        type="card", card={"number": "4000000000003055", "exp_month": 12, "exp_year": time.gmtime().tm_year + 1, "cvc": "123"}
    )
    equal(payment_method.card.last4, "3055", "card.last4")
    intent = card_setup_intent()
    # A PaymentMethod object is sent as its id (stripe-python encodes objects by stripe_id).
    equal(stripe.SetupIntent.confirm(intent.id, payment_method=payment_method).status, "succeeded", "status")


@scenario
def payment_method_attach_retrieve_detach():
    # https://docs.stripe.com/api/payment_methods/create (card[token]), /attach, /detach,
    # https://docs.stripe.com/api/payment_methods/customer_list
    customer = stripe.Customer.create(email="pm@example.com")
    payment_method = stripe.PaymentMethod.create(type="card", card={"token": "tok_visa"})
    equal(payment_method.customer, None, "customer before attach")
    attached = stripe.PaymentMethod.attach(payment_method.id, customer=customer.id)
    equal(attached.customer, customer.id, "customer after attach")
    equal(stripe.PaymentMethod.retrieve(payment_method.id).card.last4, "4242", "retrieved card.last4")
    listed = stripe.Customer.list_payment_methods(customer.id, type="card")
    equal([pm.id for pm in listed.data], [payment_method.id], "the customer's payment methods")
    detached = stripe.PaymentMethod.detach(payment_method.id)
    equal(detached.customer, None, "customer after detach")


@scenario
def sepa_debit_with_mandate():
    # https://docs.stripe.com/payments/sepa-debit/set-up-payment (server-side confirm needs
    # mandate_data); test IBAN DE89370400440532013000: https://docs.stripe.com/testing#sepa-direct-debit
    customer = stripe.Customer.create(name="Jenny Rosen", email="sepa@example.com")
    intent = stripe.SetupIntent.create(customer=customer.id, payment_method_types=["sepa_debit"])
    confirmed = stripe.SetupIntent.confirm(
        intent.id,
        payment_method_data={
            "type": "sepa_debit",
            "sepa_debit": {"iban": "DE89370400440532013000"},
            "billing_details": {"name": "Jenny Rosen", "email": "sepa@example.com"},
        },
        mandate_data=MANDATE_DATA,
    )
    equal(confirmed.status, "succeeded", "status")
    check(confirmed.mandate.startswith("mandate_"), "mandate id")
    mandate = stripe.Mandate.retrieve(confirmed.mandate)
    equal(mandate.type, "multi_use", "mandate type")
    equal(mandate.status, "active", "mandate status")
    equal(mandate.payment_method, confirmed.payment_method, "mandate payment_method")
    equal(stripe.PaymentMethod.retrieve(confirmed.payment_method).sepa_debit.last4, "3000", "sepa_debit.last4")


@scenario
def us_bank_account_microdeposits():
    # Hand-entered account details are verified with microdeposits; 32 and 45 cents verify in
    # test mode. https://docs.stripe.com/payments/ach-direct-debit/set-up-payment (verify with
    # microdeposits, test account numbers), https://docs.stripe.com/api/setup_intents/verify_microdeposits
    customer = stripe.Customer.create(email="ach@example.com")
    intent = stripe.SetupIntent.create(customer=customer.id, payment_method_types=["us_bank_account"])
    waiting = stripe.SetupIntent.confirm(
        intent.id,
        payment_method_data={
            "type": "us_bank_account",
            "us_bank_account": {"account_number": "000123456789", "routing_number": "110000000", "account_holder_type": "individual"},
            "billing_details": {"name": "Jenny Rosen", "email": "ach@example.com"},
        },
        mandate_data=MANDATE_DATA,
    )
    equal(waiting.status, "requires_action", "status")
    equal(waiting.next_action.type, "verify_with_microdeposits", "next_action.type")
    equal(waiting.next_action.verify_with_microdeposits.microdeposit_type, "amounts", "microdeposit_type")
    wrong = raises(stripe.error.InvalidRequestError, stripe.SetupIntent.verify_microdeposits, intent.id, amounts=[1, 2])
    equal(wrong.code, "payment_method_microdeposit_verification_amounts_mismatch", "wrong amounts")
    verified = stripe.SetupIntent.verify_microdeposits(intent.id, amounts=[32, 45])
    equal(verified.status, "succeeded", "status after verification")
    check(verified.mandate.startswith("mandate_"), "mandate id")


@scenario
def idempotency_key_reuse():
    # https://docs.stripe.com/api/idempotent_requests: the same key replays the first answer;
    # other parameters with the same key are an idempotency_error.
    key = "scenario-" + str(uuid.uuid4())
    first = stripe.Customer.create(email="idem@example.com", idempotency_key=key)
    second = stripe.Customer.create(email="idem@example.com", idempotency_key=key)
    equal(second.id, first.id, "replayed id")
    equal(second.last_response.headers.get("Idempotent-Replayed"), "true", "Idempotent-Replayed header")
    error = raises(stripe.error.IdempotencyError, stripe.Customer.create, email="other@example.com", idempotency_key=key)
    equal(error.http_status, 400, "http_status")
    intent_key = "scenario-" + str(uuid.uuid4())
    a = card_setup_intent(idempotency_key=intent_key)
    b = card_setup_intent(idempotency_key=intent_key)
    equal(b.id, a.id, "SetupIntent create replayed")


@scenario
def unknown_parameter():
    # https://docs.stripe.com/error-codes#parameter-unknown
    error = raises(stripe.error.InvalidRequestError, stripe.SetupIntent.create, payment_method_types=["card"], colour="blue")
    equal(error.http_status, 400, "http_status")
    equal(error.code, "parameter_unknown", "code")
    equal(error.param, "colour", "param")


@scenario
def missing_resource_is_404():
    # https://docs.stripe.com/error-codes#resource-missing
    error = raises(stripe.error.InvalidRequestError, stripe.SetupIntent.retrieve, "seti_doesnotexist")
    equal(error.http_status, 404, "http_status")
    equal(error.code, "resource_missing", "code")
    check("seti_doesnotexist" in error.user_message, "the message names the id")
    error = raises(stripe.error.InvalidRequestError, stripe.Customer.retrieve, "cus_doesnotexist")
    equal(error.http_status, 404, "customer http_status")


@scenario
def webhook_signature_verification():
    # Endpoints are created through the API and their whsec_ secret is answered once; deliveries
    # carry Stripe-Signature, which Webhook.construct_event checks.
    # https://docs.stripe.com/api/webhook_endpoints/create, https://docs.stripe.com/webhooks#verify-events,
    # docs/emulator.md#webhooks
    received = []
    arrived = threading.Event()

    class Receiver(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            received.append((body, self.headers.get("Stripe-Signature")))
            self.send_response(200)
            self.end_headers()
            arrived.set()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    endpoint = None
    try:
        endpoint = stripe.WebhookEndpoint.create(
            url="http://127.0.0.1:%d/webhooks" % server.server_address[1], enabled_events=["setup_intent.created"]
        )
        check(endpoint.secret.startswith("whsec_"), "secret is whsec_...")
        intent = card_setup_intent()
        deadline = time.time() + 15
        while time.time() < deadline and not any(intent.id.encode() in body for body, _ in received):
            arrived.wait(0.2)
            arrived.clear()
        matching = [(body, signature) for body, signature in received if intent.id.encode() in body]
        check(matching, "a setup_intent.created delivery for %s within 15 s" % intent.id)
        body, signature = matching[0]
        event = stripe.Webhook.construct_event(body, signature, endpoint.secret)
        equal(event.type, "setup_intent.created", "event type")
        equal(event.data.object.id, intent.id, "event data.object.id")
        raises(stripe.error.SignatureVerificationError, stripe.Webhook.construct_event, body + b" ", signature, endpoint.secret)
        raises(stripe.error.SignatureVerificationError, stripe.Webhook.construct_event, body, signature, "whsec_wrong")
    finally:
        if endpoint is not None:
            stripe.WebhookEndpoint.delete(endpoint.id)
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------------------------


def main(argv):
    json_path = None
    names = []
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--json":
            json_path = args.pop(0)
        else:
            names.append(arg)
    chosen = [s for s in SCENARIOS if not names or s.__name__ in names]
    unknown = set(names) - {s.__name__ for s in SCENARIOS}
    if unknown:
        sys.exit("unknown scenario(s): %s" % ", ".join(sorted(unknown)))

    logger = logging.getLogger("stripe")
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    results = []
    for function in chosen:
        handler = Captured()
        logger.addHandler(handler)
        started = time.time()
        try:
            function()
            outcome = {"name": function.__name__, "ok": True}
        except Exception as error:  # noqa: BLE001 - a scenario fails on anything
            if isinstance(error, AssertionError):
                detail = "AssertionError: %s" % error
            elif isinstance(error, stripe.error.StripeError):
                detail = "unexpected %s (HTTP %s, code %s, param %s): %s" % (
                    type(error).__name__,
                    error.http_status,
                    error.code,
                    getattr(error, "param", None),
                    error.user_message,
                )
            else:
                detail = traceback.format_exc(limit=3).strip()
            outcome = {"name": function.__name__, "ok": False, "error": detail, "log": handler.lines}
        finally:
            logger.removeHandler(handler)
        outcome["seconds"] = round(time.time() - started, 3)
        results.append(outcome)
        if outcome["ok"]:
            print("ok   %s" % function.__name__, flush=True)
        else:
            print("FAIL %s\n     %s" % (function.__name__, outcome["error"].replace("\n", "\n     ")), flush=True)
            for line in [l for l in handler.lines if "Dashboard link" not in l][-6:]:
                print("     | %s" % (line if len(line) <= 600 else line[:600] + "..."), flush=True)
    if json_path is not None:
        with open(json_path, "w") as out:
            json.dump(results, out, indent=2)
    failed = sum(1 for r in results if not r["ok"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
