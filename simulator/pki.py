"""The little public-key work a simulated station does: a key pair and a certificate
signing request of its own, reading the certificates a CSMS installs (and their hash data,
as GetInstalledCertificateIds and DeleteCertificate name them), and checking a firmware
signature.

A simulated station downloads nothing, so a "firmware" is its location: a signature is
checked over the bytes of the location URL, with the public key of the signing
certificate (RSA PKCS#1 v1.5 or ECDSA, SHA-256). A test system that wants a good signature
signs the URL it sends.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID


@dataclass(frozen=True, slots=True)
class HashData:
    """A certificate as OCPP names it (CertificateHashDataType), SHA-256."""

    issuer_name_hash: str
    issuer_key_hash: str
    serial_number: str

    def wire(self) -> dict[str, str]:
        return {
            "hashAlgorithm": "SHA256",
            "issuerNameHash": self.issuer_name_hash,
            "issuerKeyHash": self.issuer_key_hash,
            "serialNumber": self.serial_number,
        }

    def matches(self, wire: dict[str, str]) -> bool:
        return (
            wire.get("issuerNameHash", "").lower() == self.issuer_name_hash
            and wire.get("issuerKeyHash", "").lower() == self.issuer_key_hash
            and wire.get("serialNumber", "").lower().lstrip("0") == self.serial_number
        )


def load_chain(pem: str) -> list[x509.Certificate] | None:
    """The certificates of a PEM text, leaf first; None if it holds none or is broken."""
    try:
        chain = x509.load_pem_x509_certificates(pem.encode())
    except ValueError:
        return None
    return chain or None


def valid_now(cert: x509.Certificate, now: datetime | None = None) -> bool:
    moment = now or datetime.now(UTC)
    return cert.not_valid_before_utc <= moment <= cert.not_valid_after_utc


def hash_data(cert: x509.Certificate) -> HashData:
    """Hash data of a (root) certificate: its issuer is itself, so the issuer key is its
    own public key."""
    issuer_name = cert.issuer.public_bytes()
    public = cert.public_key()
    if isinstance(public, rsa.RSAPublicKey):
        key = public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.PKCS1)
    elif isinstance(public, ec.EllipticCurvePublicKey):
        key = public.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    else:
        key = public.public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    return HashData(
        hashlib.sha256(issuer_name).hexdigest(),
        hashlib.sha256(key).hexdigest(),
        format(cert.serial_number, "x"),
    )


class StationKey:
    """The station's own key pair, made once, and the CSR a SignCertificate carries."""

    def __init__(self, station_id: str, organization: str = "evharness") -> None:
        self.station_id = station_id
        self.organization = organization
        self._key: ec.EllipticCurvePrivateKey | None = None

    @property
    def key(self) -> ec.EllipticCurvePrivateKey:
        if self._key is None:
            self._key = ec.generate_private_key(ec.SECP256R1())
        return self._key

    def csr(self) -> str:
        """A PEM certificate signing request: CN the station id, O the organization."""
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COMMON_NAME, self.station_id),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, self.organization),
            ]
        )
        request = x509.CertificateSigningRequestBuilder().subject_name(subject)
        signed = request.sign(self.key, hashes.SHA256())
        return signed.public_bytes(serialization.Encoding.PEM).decode()

    def owns(self, cert: x509.Certificate) -> bool:
        """True when ``cert`` certifies this station's public key."""
        mine = self.key.public_key().public_numbers()
        theirs = cert.public_key()
        return isinstance(theirs, ec.EllipticCurvePublicKey) and theirs.public_numbers() == mine


def signature_valid(signing_certificate: str, signature: str, firmware: str) -> bool:
    """True when ``signature`` (base64) signs ``firmware`` (the location URL) with the key
    of ``signing_certificate`` (PEM)."""
    chain = load_chain(signing_certificate)
    if chain is None:
        return False
    try:
        raw = base64.b64decode(signature, validate=True)
    except ValueError:
        return False
    key = chain[0].public_key()
    try:
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(raw, firmware.encode(), padding.PKCS1v15(), hashes.SHA256())
        elif isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(raw, firmware.encode(), ec.ECDSA(hashes.SHA256()))
        else:
            return False
    except InvalidSignature:
        return False
    return True
