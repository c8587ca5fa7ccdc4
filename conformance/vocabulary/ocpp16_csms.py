"""Steps of the OCPP 1.6 CSMS-side plans beyond the base vocabulary: the station password a
CSMS sets through the AuthorizationKey (TC_073_CSMS). TLS is in ``tls``.

    When the station remembers the password in "value" of the CSMS's request as "new"
    And the station connects with password "${new}"
"""

from __future__ import annotations

from conformance.context import CaseContext, StepFailed
from conformance.payloads import ABSENT, get_path
from conformance.vocabulary.base import step

# 1.6 security whitepaper, AuthorizationKey: 16 to 20 bytes, hex-encoded (at most 40 digits)
_KEY_BYTES = (16, 20)
# OCPP security: RSA/DSA keys of 2048 bits at least, elliptic curves of 224
_MIN_RSA_BITS, _MIN_EC_BITS = 2048, 224


# --- the HTTP Basic password (security profiles 1 and 2) -----------------------------------


@step("the station remembers the password in {path:q} of the CSMS's request as {name:q}")
async def remember_password(ctx: CaseContext, path: str, name: str) -> None:
    """The AuthorizationKey the CSMS sent, checked against the whitepaper's rules (hex, 16 to
    20 bytes) and decoded: the password is its text, or its raw bytes when it is binary."""
    if ctx.last_received is None:
        raise StepFailed("the CSMS sent nothing yet")
    value = get_path(ctx.last_received.payload, path)
    if value == ABSENT or not isinstance(value, str):
        raise StepFailed(f"{path} is {value!r}, not a hex-encoded password")
    if len(value) > 2 * _KEY_BYTES[1]:
        raise StepFailed(f"{path} has {len(value)} characters, more than 40 hexadecimal digits")
    try:
        raw = bytes.fromhex(value)
    except ValueError:
        raise StepFailed(f"{path} {value!r} is not hex-encoded") from None
    if not _KEY_BYTES[0] <= len(raw) <= _KEY_BYTES[1]:
        raise StepFailed(f"the password in {path} is {len(raw)} bytes, not 16 to 20")
    try:
        ctx.variables[name] = raw.decode()
    except UnicodeDecodeError:
        ctx.variables[name] = raw


@step("the station uses password {password:q} from now on")
async def uses_password(ctx: CaseContext, password: str) -> None:
    """As the OCTT does after TC_073: the cases that follow connect with the password the
    CSMS set. A later run starts again from --password (our CSMS is provisioned with it)."""
    target = ctx.config.target
    if target is None:
        raise StepFailed("only a station has a password")
    target.password = ctx.value(password)
    ctx.wire.note("the station connects with its new password from now on")
