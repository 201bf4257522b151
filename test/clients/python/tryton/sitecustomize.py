"""Points stripe-python at the server named by STRIPE_API_BASE, for programs that never set
``stripe.api_base`` themselves (Tryton's account_payment_stripe and its doctests).

Put this folder on PYTHONPATH: Python imports ``sitecustomize`` at start-up, before the program
runs, so every later ``import stripe`` sees the same module with its base URL set. It sets
nothing else (no key, no API version, no retries), so requests are exactly what the program
sends. Without STRIPE_API_BASE it does nothing.

Being first on PYTHONPATH, it is imported instead of the interpreter's own sitecustomize (on
Debian, /etc/python3.X/sitecustomize.py only installs apport's hook when apport is installed).
"""

import os

_base = os.environ.get("STRIPE_API_BASE")
if _base:
    import stripe

    stripe.api_base = _base
