"""Steps of the OCPP 1.6 charger-side plans (``features/conformance/ocpp16/charger``): the
OCTT's reusable states (a charger charging, a card authorized), series of meter values at
an interval, and what the test system does with certificates and passwords.

    Given the charger is charging on connector 1
    Then the charger sends 3 MeterValues 2 seconds apart with
      | meterValue.0.sampledValue.0.context | Sample.Periodic |
    When the EV driver ends the session on connector 1
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from conformance.context import CaseContext, StepFailed
from conformance.payloads import get_path
from conformance.peer import Received
from conformance.vocabulary.base import call_for_result, operator_is_asked, step, they_send

# A ManufacturerRootCertificate of the throw-away test PKI (EC P-256, 2024-2049), and a
# firmware signature that does not sign the firmware location of the templates. A run
# against another charger can replace either: --set manufacturer_root_certificate=...
MANUFACTURER_ROOT = """-----BEGIN CERTIFICATE-----
MIIBmzCCAUGgAwIBAgIUG6NwusVCKgqlOzEMeX+HNYT700EwCgYIKoZIzj0EAwIw
QzEkMCIGA1UEAwwbZXZoYXJuZXNzIE1hbnVmYWN0dXJlciBSb290MRswGQYDVQQK
DBJldmhhcm5lc3MgdGVzdCBQS0kwHhcNMjQwMTAxMDAwMDAwWhcNNDkxMjMxMDAw
MDAwWjBDMSQwIgYDVQQDDBtldmhhcm5lc3MgTWFudWZhY3R1cmVyIFJvb3QxGzAZ
BgNVBAoMEmV2aGFybmVzcyB0ZXN0IFBLSTBZMBMGByqGSM49AgEGCCqGSM49AwEH
A0IABAlQqm5EX1QF5JdGby39Kh5NMKKR81imHbVodA8wU2i/Tmbj3qjhQk9XP9zH
3n8EuiunrPDnI2b323pnOlL8DoCjEzARMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZI
zj0EAwIDSAAwRQIgGQx5UezJNyTqb+mw/QQjXB/OvoNydsei354LlVzlvB8CIQCl
DO1zZgVoQ7tbv7cni0jjx6v0dTbZjPPcvDrPs9VB0g==
-----END CERTIFICATE-----
"""
INVALID_SIGNATURE = (
    "MEUCIBdOq+SE0M55W6WJRke7lStBqQpQP7VGI5sA0c9gbMc1AiEA7cMZZm6Rjw"
    "Nku2vIHpkwNhjv351xzVvxwqUd47wwIlY="
)
TIME_TOLERANCE_S = 1.0  # the OCTT's <Configured max time deviation>


def _table(**fields: Any) -> dict[str, str]:
    return {k: str(v) for k, v in fields.items()}


# --- the OCTT's reusable states ---------------------------------------------------------


@step("the charger is charging on connector {connector:d}")
async def charging(ctx: CaseContext, connector: int) -> None:
    """Reusable state Charging: cable plugged in, the valid card presented, the
    transaction started (${transactionId}) and the connector Charging."""
    where = _table(connectorId=connector)
    await operator_is_asked(ctx, "plug in the cable", where)
    await they_send(ctx, "StatusNotification", {**where, "status": "Preparing"})
    card = {**where, "idTag": "${valid_id_tag}"}
    await operator_is_asked(ctx, "present the card", card)
    await they_send(ctx, "StartTransaction", card)
    await they_send(ctx, "StatusNotification", {**where, "status": "Charging"})


@step("the charger is authorized on connector {connector:d}")
async def authorized(ctx: CaseContext, connector: int) -> None:
    """Reusable state Authorized: the valid card presented (the charger may ask for it
    with Authorize, or know it), the connector Preparing."""
    where = _table(connectorId=connector)
    await operator_is_asked(ctx, "present the card", {**where, "idTag": "${valid_id_tag}"})
    await they_send(ctx, "StatusNotification", {**where, "status": "Preparing"})


@step("the EV driver ends the session on connector {connector:d}")
async def ends_session(ctx: CaseContext, connector: int) -> None:
    """The valid card presented again stops the transaction (Local), then the cable comes
    out: the connector is Available again, as the next case expects it."""
    where = _table(connectorId=connector)
    await operator_is_asked(ctx, "present the card", {**where, "idTag": "${valid_id_tag}"})
    await they_send(ctx, "StopTransaction", {"transactionId": "${transactionId}"})
    await operator_is_asked(ctx, "unplug the cable", where)
    await they_send(ctx, "StatusNotification", {**where, "status": "Available"})


# --- meter values at an interval ----------------------------------------------------------


@step("the charger sends {count:d} MeterValues {seconds:d} seconds apart with")
async def meter_series(ctx: CaseContext, count: int, seconds: int, table: dict[str, str]) -> None:
    """``count`` MeterValues in a row that match the table, whose meterValue timestamps lie
    ``seconds`` apart (queued ones too: they come first, in chronological order)."""
    await _series(ctx, count, seconds, table, aligned=False)


@step("the charger sends {count:d} clock-aligned MeterValues {seconds:d} seconds apart with")
async def aligned_series(ctx: CaseContext, count: int, seconds: int, table: dict[str, str]) -> None:
    """As above, and every timestamp on a multiple of ``seconds`` since midnight."""
    await _series(ctx, count, seconds, table, aligned=True)


async def _series(
    ctx: CaseContext, count: int, seconds: int, table: dict[str, str], *, aligned: bool
) -> None:
    times = []
    for _ in range(count):
        await they_send(ctx, "MeterValues", table)
        assert ctx.last_received is not None
        times.append(_timestamp(ctx.last_received))
    for earlier, later in itertools.pairwise(times):
        gap = (later - earlier).total_seconds()
        if abs(gap - seconds) > TIME_TOLERANCE_S:
            shown = ", ".join(t.isoformat() for t in times)
            raise StepFailed(f"MeterValues {gap:.1f} s apart, expected {seconds} s: {shown}")
    if aligned:
        for moment in times:
            offset = moment.timestamp() % seconds
            if min(offset, seconds - offset) > TIME_TOLERANCE_S:
                raise StepFailed(f"{moment.isoformat()} is not on a {seconds} s boundary")


def _timestamp(received: Received) -> dt.datetime:
    text = get_path(received.payload, "meterValue.0.timestamp")
    try:
        return dt.datetime.fromisoformat(str(text))
    except ValueError:
        raise StepFailed(f"meterValue.0.timestamp is not a time: {text!r}") from None


# --- certificates and passwords --------------------------------------------------------------


@step("the test system has its test certificates")
async def test_certificates(ctx: CaseContext) -> None:
    """${manufacturer_root_certificate} and ${invalid_firmware_signature}, unless the run
    gives its own (--set)."""
    ctx.variables.setdefault("manufacturer_root_certificate", MANUFACTURER_ROOT)
    ctx.variables.setdefault("invalid_firmware_signature", INVALID_SIGNATURE)


@step("the test system signs the charger's certificate signing request as {name:q}")
async def sign_csr(ctx: CaseContext, name: str) -> None:
    """Signs the CSR of the charger's last SignCertificate with a CA of its own, for a year:
    ``name`` holds the PEM certificate chain (the charger's certificate, then the CA)."""
    received = ctx.last_received
    if received is None or received.action != "SignCertificate":
        raise StepFailed("the charger sent no SignCertificate to sign")
    try:
        csr = x509.load_pem_x509_csr(received.payload["csr"].encode())
    except ValueError as exc:
        raise StepFailed(f"the CSR is not a PEM certificate signing request: {exc}") from None
    if not csr.is_signature_valid:
        raise StepFailed("the CSR's signature is not valid")
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "evharness test CSMS CA")])
    now = dt.datetime.now(dt.UTC)
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    leaf = (
        x509.CertificateBuilder()
        .subject_name(csr.subject)
        .issuer_name(ca_name)
        .public_key(csr.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365))
        .sign(ca_key, hashes.SHA256())
    )
    ctx.variables[name] = "".join(
        c.public_bytes(serialization.Encoding.PEM).decode() for c in (leaf, ca)
    )


@step("the charger presented the password {password:q}")
async def presented_password(ctx: CaseContext, password: str) -> None:
    if ctx.credentials is None:
        raise StepFailed("the charger sent no HTTP Basic credentials")
    if ctx.credentials[1] != str(ctx.value(password)):
        raise StepFailed("the charger authenticated with another password")


@step("the test system remembers the charger's password as {name:q}")
async def remember_password(ctx: CaseContext, name: str) -> None:
    if ctx.credentials is None:
        raise StepFailed("the charger sent no HTTP Basic credentials")
    ctx.variables[name] = ctx.credentials[1]


# --- configuration keys -----------------------------------------------------------------------

_RESTORE = "_keys_to_restore"


@step("the test system sets the charger's configuration keys")
async def set_keys(ctx: CaseContext, table: dict[str, str]) -> None:
    """The OCTT's "Configuration State": read the keys (GetConfiguration, kept to restore
    them), then change each (ChangeConfiguration, Accepted)."""
    got = await call_for_result(ctx, "GetConfiguration", {"key": list(table)})
    known = {k["key"].lower(): k.get("value", "") for k in got.get("configurationKey") or []}
    missing = [key for key in table if key.lower() not in known]
    if missing:
        raise StepFailed(f"the charger does not know the configuration keys {missing}")
    restore: dict[str, str] = ctx.variables.setdefault(_RESTORE, {})
    for key in table:
        restore.setdefault(key, known[key.lower()])
    await _change(ctx, {key: str(ctx.value(value)) for key, value in table.items()})


async def _change(ctx: CaseContext, values: dict[str, str]) -> None:
    for key, value in values.items():
        answer = await call_for_result(ctx, "ChangeConfiguration", {"key": key, "value": value})
        if answer.get("status") != "Accepted":
            raise StepFailed(f"ChangeConfiguration {key}={value!r}: {answer.get('status')}")


@step("the test system restores the charger's configuration keys")
async def restore_keys(ctx: CaseContext) -> None:
    """Put back every key ``sets the charger's configuration keys`` changed in this case."""
    await _change(ctx, ctx.variables.pop(_RESTORE, {}))
