"""The step vocabulary of the conformance plans: ``base`` (connecting, sending, answering,
expecting, remembering) and the modules beside it, one per area. Importing this package
registers every step."""

from conformance.vocabulary import (
    base,  # noqa: F401
    ocpp16_charger,  # noqa: F401
    ocpp16_csms,  # noqa: F401
    ocpp201_charger,  # noqa: F401
    ocpp201_csms_ae,  # noqa: F401
    ocpp201_csms_fp,  # noqa: F401
    tls,  # noqa: F401
)
