"""Connecting to a CSMS over TLS (security profiles 2 and 3), in either OCPP version, with
the checks the OCA tools make of the CSMS's side of it.

    When the station connects over TLS
    Then the connection uses TLS 1.2 or above
    And the CSMS's server certificate meets the OCPP requirements
    When the station tries to connect over TLS 1.1
    Then the connection is refused

The TLS endpoints are the plan variables ``tls_target`` (security profile 2: TLS and HTTP
Basic) and ``mtls_target`` (profile 3: TLS with the station's client certificate), e.g.
``--set tls_target=wss://csms.example.com:9443/ocpp``; when ``--target`` itself is a
``wss://`` URL it serves for both. ``--ca-file`` names the CA of the CSMS's certificate,
``--cert``/``--key`` the station's.
"""

from __future__ import annotations

import ssl
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa

from conformance.connections import Refused
from conformance.context import CaseContext, StepFailed
from conformance.vocabulary.base import step

# OCPP security: RSA/DSA keys of 2048 bits at least, elliptic curves of 224
_MIN_RSA_BITS, _MIN_EC_BITS = 2048, 224


@step("the station connects over TLS")
async def connects_over_tls(ctx: CaseContext) -> None:
    """Security profile 2: TLS, the CSMS's certificate checked, HTTP Basic credentials."""
    await _connect_tls(ctx, "tls_target", client_certificate=False)


@step("the station connects over TLS with its client certificate")
async def connects_with_certificate(ctx: CaseContext) -> None:
    """Security profile 3: TLS with the station's certificate, no HTTP Basic credentials."""
    await _connect_tls(ctx, "mtls_target", client_certificate=True)


@step("the station tries to connect over TLS 1.1")
async def tries_old_tls(ctx: CaseContext) -> None:
    """Offers TLS 1.1 at most (TC_A_06): a CSMS must refuse it; the outcome is for ``the
    connection is refused``."""
    ctx.variables.pop("_refused", None)
    try:
        await _connect_tls(ctx, "tls_target", client_certificate=False, legacy=True)
    except StepFailed as exc:
        if "refused" not in str(exc):
            raise
        ctx.variables["_refused"] = str(exc)


async def _connect_tls(
    ctx: CaseContext, variable: str, *, client_certificate: bool, legacy: bool = False
) -> None:
    target = ctx.config.target
    if target is None:
        raise StepFailed("a CSMS plan needs --target")
    url = ctx.variables.get(variable) or (target.url if target.url.startswith("wss://") else "")
    if not str(url).startswith("wss://"):
        raise StepFailed(
            f"this case needs the CSMS's TLS endpoint: --set {variable}=wss://<host>:<port>/<path>"
            " (or a wss:// --target), and --ca-file for its certificate"
        )
    if client_certificate and target.cert_file is None:
        raise StepFailed("this case needs the station's certificate: --cert and --key")
    if ctx.peer is not None:
        await ctx.peer.close()
    ctx.variables["_tls_url"] = str(url)
    try:
        ctx.peer = await target.open(
            ctx.wire,
            ctx.answer,
            url=str(url),
            client_certificate=client_certificate,
            password=None if client_certificate else True,
            legacy_tls=legacy,
        )
    except Refused as exc:
        raise StepFailed(f"the CSMS refused the TLS connection: {exc}") from None


def _tls_session(ctx: CaseContext) -> ssl.SSLObject:
    session: ssl.SSLObject | None = ctx.connected().ws.transport.get_extra_info("ssl_object")
    if session is None:
        raise StepFailed("the connection is not a TLS connection")
    return session


@step("the connection uses TLS 1.2 or above")
async def tls_version(ctx: CaseContext) -> None:
    version = _tls_session(ctx).version()
    if version not in ("TLSv1.2", "TLSv1.3"):
        raise StepFailed(f"the CSMS negotiated {version}, not TLS 1.2 or above")


@step("the CSMS's server certificate meets the OCPP requirements")
async def server_certificate(ctx: CaseContext) -> None:
    """What the OCTT checks of the CSMS's certificate (TC_086): an X.509 certificate with a
    serial number, whose subject commonName is the host the station connected to, and whose
    key is RSA/DSA of 2048 bits or more, or an elliptic curve of 224 bits or more."""
    der = _tls_session(ctx).getpeercert(binary_form=True)
    if not der:
        raise StepFailed("the CSMS presented no certificate")
    cert = x509.load_der_x509_certificate(der)
    problems = []
    if not cert.serial_number:
        problems.append("it has no serial number")
    host = urlsplit(str(ctx.variables.get("_tls_url", ""))).hostname or ""
    names = [a.value for a in cert.subject.get_attributes_for_oid(x509.oid.NameOID.COMMON_NAME)]
    if host not in names:
        problems.append(f"its subject commonName is {names or 'missing'}, not {host!r}")
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey | dsa.DSAPublicKey) and key.key_size < _MIN_RSA_BITS:
        problems.append(f"its key has {key.key_size} bits, fewer than {_MIN_RSA_BITS}")
    elif isinstance(key, ec.EllipticCurvePublicKey) and key.curve.key_size < _MIN_EC_BITS:
        problems.append(f"its curve has {key.curve.key_size} bits, fewer than {_MIN_EC_BITS}")
    if problems:
        raise StepFailed("the CSMS's server certificate: " + "; ".join(problems))
