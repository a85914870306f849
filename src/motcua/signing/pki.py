"""The local certificate authority of the demo and the tests (hạ tầng khóa công khai nội bộ).

One folder holds a root CA, the agency intermediate CA that certifies the leaders and seals, a
time-stamp authority certificate, and the two certificate revocation lists (root and agency), each
published as a DER file that validators read (and that ``motcua tsa-sim`` serves under ``/crl/``).
Private keys are PEM files readable by their owner only, never committed (the folder lives under
the var dir). In production the agency's certificates come from a licensed CA and this module is
not used.
"""

import json
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

KEY_BITS = 2048
ROOT_NAME = "motcua Root CA (demo)"
AGENCY_CA_NAME = "motcua Agency CA (demo)"
TSA_NAME = "motcua Time-Stamp Authority (demo)"
ORGANISATION = "motcua demo PKI"
CRL_DAYS = 30
_REVOKED_FILE = "revoked.json"


class PkiMissing(Exception):
    """The folder holds no local CA yet (``motcua signing-ca init``)."""


@dataclass(frozen=True)
class Authority:
    name: str  # file stem: root, agency-ca, tsa
    certificate: x509.Certificate
    key: rsa.RSAPrivateKey


@dataclass(frozen=True)
class Pki:
    directory: Path
    root: Authority
    agency: Authority
    tsa: Authority

    def chain(self) -> list[x509.Certificate]:
        """The issuing chain of a signer's certificate, nearest first (without the leaf)."""
        return [self.agency.certificate, self.root.certificate]

    def crl_path(self, authority: Authority) -> Path:
        return self.directory / f"{authority.name}.crl"

    def crls(self) -> list[x509.CertificateRevocationList]:
        return [
            x509.load_der_x509_crl(self.crl_path(a).read_bytes()) for a in (self.root, self.agency)
        ]


def _name(common_name: str, organisation: str = ORGANISATION, locality: str = "") -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if locality:
        attributes.append(x509.NameAttribute(NameOID.LOCALITY_NAME, locality))
    attributes += [
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ]
    return x509.Name(attributes)


def key_generate() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)


def write_private(path: Path, data: bytes) -> None:
    """Write a private key readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def key_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def certificate_pem(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


def _ca_certificate(
    *,
    common_name: str,
    key: rsa.RSAPrivateKey,
    issuer: Authority | None,
    at: datetime,
    years: int,
    path_length: int,
) -> x509.Certificate:
    subject = _name(common_name)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.certificate.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(at - timedelta(days=1))
        .not_valid_after(at + timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=path_length), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
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
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    signer_key = issuer.key if issuer else key
    builder = builder.add_extension(
        x509.AuthorityKeyIdentifier.from_issuer_public_key(signer_key.public_key()),
        critical=False,
    )
    return builder.sign(signer_key, hashes.SHA256())


def _leaf_builder(
    *,
    issuer: Authority,
    public_key: rsa.RSAPublicKey,
    subject: x509.Name,
    not_before: datetime,
    not_after: datetime,
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.certificate.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
    )


def _load_authority(directory: Path, name: str) -> Authority:
    certificate = x509.load_pem_x509_certificate((directory / f"{name}.pem").read_bytes())
    key = serialization.load_pem_private_key((directory / f"{name}.key").read_bytes(), None)
    if not isinstance(key, rsa.RSAPrivateKey):
        message = f"{name}.key is not an RSA key"
        raise PkiMissing(message)
    return Authority(name=name, certificate=certificate, key=key)


def _save_authority(directory: Path, authority: Authority) -> None:
    write_private(directory / f"{authority.name}.key", key_pem(authority.key))
    (directory / f"{authority.name}.pem").write_bytes(certificate_pem(authority.certificate))


def pki_chain(*, directory: Path) -> list[x509.Certificate]:
    """The issuing chain of :meth:`Pki.chain`, read from the certificates alone: signing a
    document needs no authority's private key."""
    if not (directory / "root.pem").is_file():
        message = f"no local CA in {directory}: run `motcua signing-ca init`"
        raise PkiMissing(message)
    return [
        x509.load_pem_x509_certificate((directory / f"{name}.pem").read_bytes())
        for name in ("agency-ca", "root")
    ]


def pki_load(*, directory: Path) -> Pki:
    """The local CA of ``directory``; :class:`PkiMissing` when it was never created."""
    if not (directory / "root.pem").is_file():
        message = f"no local CA in {directory}: run `motcua signing-ca init`"
        raise PkiMissing(message)
    return Pki(
        directory=directory,
        root=_load_authority(directory, "root"),
        agency=_load_authority(directory, "agency-ca"),
        tsa=_load_authority(directory, "tsa"),
    )


def pki_init(*, directory: Path, at: datetime) -> Pki:
    """Create the local CA in ``directory`` unless it is there; re-publish CRLs that grow old.

    Idempotent: a second run keeps every key and certificate.
    """
    directory.mkdir(parents=True, exist_ok=True)
    if (directory / "root.pem").is_file():
        pki = pki_load(directory=directory)
        if any(
            crl.next_update_utc is None or crl.next_update_utc < at + timedelta(days=CRL_DAYS / 2)
            for crl in pki.crls()
        ):
            crl_publish(pki=pki, at=at)
        return pki
    root_key = key_generate()
    root = Authority(
        name="root",
        certificate=_ca_certificate(
            common_name=ROOT_NAME, key=root_key, issuer=None, at=at, years=20, path_length=1
        ),
        key=root_key,
    )
    agency_key = key_generate()
    agency = Authority(
        name="agency-ca",
        certificate=_ca_certificate(
            common_name=AGENCY_CA_NAME,
            key=agency_key,
            issuer=root,
            at=at,
            years=10,
            path_length=0,
        ),
        key=agency_key,
    )
    tsa_key = key_generate()
    tsa_certificate = (
        _leaf_builder(
            issuer=root,
            public_key=tsa_key.public_key(),
            subject=_name(TSA_NAME),
            not_before=at - timedelta(days=1),
            not_after=at + timedelta(days=365 * 10),
        )
        # RFC 3161 §2.3: the only extended key usage of a TSA certificate, marked critical.
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(root.key, hashes.SHA256())
    )
    tsa = Authority(name="tsa", certificate=tsa_certificate, key=tsa_key)
    for authority in (root, agency, tsa):
        _save_authority(directory, authority)
    (directory / _REVOKED_FILE).write_text(json.dumps({"root": [], "agency-ca": []}))
    pki = Pki(directory=directory, root=root, agency=agency, tsa=tsa)
    crl_publish(pki=pki, at=at)
    return pki


def certificate_issue(
    *,
    pki: Pki,
    public_key: rsa.RSAPublicKey,
    common_name: str,
    organisation: str,
    at: datetime,
    days: int = 365 * 3,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    locality: str = "",
) -> x509.Certificate:
    """A signing certificate from the agency CA for ``public_key`` (a leader, a specialist, a seal).

    ``not_before``/``not_after`` override the period (the tests issue an expired certificate).
    ``locality`` (L) names the province or commune of an agency's seal.
    """
    return _leaf_builder(
        issuer=pki.agency,
        public_key=public_key,
        subject=_name(common_name, organisation, locality),
        not_before=not_before or at - timedelta(minutes=5),
        not_after=not_after or at + timedelta(days=days),
    ).sign(pki.agency.key, hashes.SHA256())


def _revoked(pki: Pki) -> dict[str, list[list[str | int]]]:
    path = pki.directory / _REVOKED_FILE
    data = json.loads(path.read_text()) if path.is_file() else {}
    return {"root": list(data.get("root", [])), "agency-ca": list(data.get("agency-ca", []))}


def certificate_revoke(*, pki: Pki, certificate: x509.Certificate, at: datetime) -> None:
    """Revoke ``certificate`` (issued by the agency CA) from ``at`` and publish the new CRL."""
    revoked = _revoked(pki)
    serials = {int(row[0]) for row in revoked["agency-ca"]}
    if certificate.serial_number not in serials:
        revoked["agency-ca"].append([str(certificate.serial_number), at.isoformat()])
        (pki.directory / _REVOKED_FILE).write_text(json.dumps(revoked))
    crl_publish(pki=pki, at=at)


def crl_publish(*, pki: Pki, at: datetime) -> None:
    """Write the root's and the agency CA's CRLs (DER), valid ``CRL_DAYS`` from ``at``."""
    revoked = _revoked(pki)
    for authority in (pki.root, pki.agency):
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(authority.certificate.subject)
            .last_update(at - timedelta(minutes=5))
            .next_update(at + timedelta(days=CRL_DAYS))
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(authority.key.public_key()),
                critical=False,
            )
            .add_extension(x509.CRLNumber(int(at.timestamp())), critical=False)
        )
        for serial, when in revoked[authority.name]:
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder()
                .serial_number(int(serial))
                .revocation_date(datetime.fromisoformat(str(when)))
                .build()
            )
        crl = builder.sign(authority.key, hashes.SHA256())
        path = pki.crl_path(authority)
        path.write_bytes(crl.public_bytes(serialization.Encoding.DER))


def keyfile_issue(
    *,
    pki: Pki,
    name: str,
    common_name: str,
    organisation: str,
    at: datetime,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    locality: str = "",
) -> tuple[Path, Path, x509.Certificate]:
    """A key file and its certificate under ``<dir>/signers/`` (the demo's key-file signer).

    Returns (key path, certificate path, certificate); an existing pair is kept.
    """
    folder = pki.directory / "signers"
    key_path, cert_path = folder / f"{name}.key", folder / f"{name}.pem"
    if key_path.is_file() and cert_path.is_file():
        return key_path, cert_path, x509.load_pem_x509_certificate(cert_path.read_bytes())
    key = key_generate()
    certificate = certificate_issue(
        pki=pki,
        public_key=key.public_key(),
        common_name=common_name,
        organisation=organisation,
        at=at,
        not_before=not_before,
        not_after=not_after,
        locality=locality,
    )
    write_private(key_path, key_pem(key))
    cert_path.write_bytes(certificate_pem(certificate))
    return key_path, cert_path, certificate
