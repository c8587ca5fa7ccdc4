"""The step vocabulary of the conformance plans: ``base`` (connecting, sending, answering,
expecting, remembering) and the modules beside it, one per area. Importing this package
registers every step."""

from conformance.vocabulary import base  # noqa: F401
