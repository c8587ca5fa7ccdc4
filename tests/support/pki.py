"""A throwaway PKI for TLS tests: a CA, a loopback server certificate and station (client)
certificates, written as PEM files. ECDSA P-256 keeps key generation fast."""

from __future__ import annotations

import ipaddress
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


@dataclass(frozen=True)
class Ca:
    """A certificate authority: its certificate (also as a PEM file) and signing key."""

    name: str
    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey
    cert_path: Path


@dataclass(frozen=True)
class Issued:
    """A certificate and its private key, both as PEM files."""

    cert_path: Path
    key_path: Path


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "evharness tests"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _write_key(key: ec.EllipticCurvePrivateKey, path: Path) -> Path:
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return path


def _write_cert(cert: x509.Certificate, path: Path) -> Path:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path


def _builder(
    subject: x509.Name, issuer: x509.Name, public_key: ec.EllipticCurvePublicKey, days: int
) -> x509.CertificateBuilder:
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )


def make_ca(directory: Path, name: str = "evharness test CA") -> Ca:
    """Create a self-signed CA and write its certificate to ``directory/<slug>-ca.pem``."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = _name(name)
    cert = (
        _builder(subject, subject, key.public_key(), days=30)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    slug = "".join(c if c.isalnum() else "-" for c in name.lower())
    path = _write_cert(cert, directory / f"{slug}-ca.pem")
    return Ca(name=name, cert=cert, key=key, cert_path=path)


def _issue(
    ca: Ca,
    directory: Path,
    stem: str,
    common_name: str,
    usage: x509.ObjectIdentifier,
    san: list[x509.GeneralName] | None,
) -> Issued:
    key = ec.generate_private_key(ec.SECP256R1())
    builder = (
        _builder(_name(common_name), ca.cert.subject, key.public_key(), days=7)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False
        )
    )
    if san:
        builder = builder.add_extension(x509.SubjectAlternativeName(san), critical=False)
    cert = builder.sign(ca.key, hashes.SHA256())
    return Issued(
        cert_path=_write_cert(cert, directory / f"{stem}.pem"),
        key_path=_write_key(key, directory / f"{stem}.key"),
    )


def server_cert(ca: Ca, directory: Path) -> Issued:
    """A server certificate for loopback: SAN IP 127.0.0.1 and DNS localhost."""
    san: list[x509.GeneralName] = [
        x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
        x509.DNSName("localhost"),
    ]
    return _issue(ca, directory, "server", "localhost", ExtendedKeyUsageOID.SERVER_AUTH, san)


def client_cert(ca: Ca, directory: Path, station_id: str) -> Issued:
    """A station (TLS client) certificate whose subject commonName is ``station_id``."""
    stem = f"client-{ca.cert.serial_number:x}-{station_id}"
    return _issue(ca, directory, stem, station_id, ExtendedKeyUsageOID.CLIENT_AUTH, None)


def client_context(ca: Ca, client: Issued | None = None) -> ssl.SSLContext:
    """A client TLS context that trusts ``ca`` and, if given, presents ``client``."""
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=str(ca.cert_path))
    if client is not None:
        context.load_cert_chain(str(client.cert_path), str(client.key_path))
    return context
