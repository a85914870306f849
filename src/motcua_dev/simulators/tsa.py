"""A local RFC 3161 time-stamp authority (tổ chức cung cấp dịch vụ cấp dấu thời gian) over HTTP.

``POST /`` (``application/timestamp-query``) answers ``application/timestamp-reply``, signed with
the TSA key of the local CA. ``GET /crl/root.crl`` and ``GET /crl/agency-ca.crl`` serve the CA's
current revocation lists, ``GET /certs/root.pem`` its root, so that an outside validator can check
a result without motcua.
"""

import uuid
from datetime import datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from asn1crypto import keys, tsp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

from motcua.signing.pki import Pki, pki_load

MAX_BODY = 16 * 1024
#: The TSA policy: an OID minted from a UUID (ITU-T X.667 arc 2.25), no registration needed.
POLICY_OID = f"2.25.{uuid.UUID('6f0e8a52-6c1b-4c3e-9a57-2d0b8f1e7c41').int}"


def _rejection() -> bytes:
    # TimeStampResp with a status only: asn1crypto's class insists on a token, so the SEQUENCE
    # is assembled by hand (short form length: the status is a few bytes).
    status: bytes = tsp.PKIStatusInfo(
        {"status": tsp.PKIStatus("rejection"), "fail_info": tsp.PKIFailureInfo({"bad_data_format"})}
    ).dump()
    return b"\x30" + bytes([len(status)]) + status


_REJECTION = _rejection()


class LocalTimeStamper(DummyTimeStamper):
    """pyHanko's RFC 3161 token builder, with this authority's own policy identifier."""

    def _build_tst_info(
        self, message_imprint: tsp.MessageImprint, dt: datetime, req: tsp.TimeStampReq
    ) -> tsp.TSTInfo:
        info = super()._build_tst_info(message_imprint, dt, req)
        info["policy"] = tsp.ObjectIdentifier(POLICY_OID)
        return info


def time_stamper(pki: Pki) -> LocalTimeStamper:
    der = serialization.Encoding.DER
    key = pki.tsa.key.private_bytes(
        der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return LocalTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(pki.tsa.certificate.public_bytes(der)),
        tsa_key=keys.PrivateKeyInfo.load(key),
        certs_to_embed=[asn1_x509.Certificate.load(pki.root.certificate.public_bytes(der))],  # type: ignore[arg-type]
    )


def make_server(*, host: str, port: int, pki_dir: Path) -> ThreadingHTTPServer:
    pki = pki_load(directory=pki_dir)
    stamper = time_stamper(pki)
    files = {
        "/crl/root.crl": (pki.crl_path(pki.root), "application/pkix-crl"),
        "/crl/agency-ca.crl": (pki.crl_path(pki.agency), "application/pkix-crl"),
        "/certs/root.pem": (pki_dir / "root.pem", "application/x-pem-file"),
    }

    class Handler(BaseHTTPRequestHandler):
        # Keep-alive, as an authority's server does: a signer reuses its connection. The headers
        # and the body go out in two writes; with Nagle's algorithm the body would wait for the
        # client's delayed acknowledgement of the headers (40 ms) on a connection kept open.
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def _answer(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            found = files.get(self.path)
            if found is None:
                self._answer(HTTPStatus.NOT_FOUND, b"not found", "text/plain")
                return
            # Read at each request: a revocation re-publishes the file while the server runs.
            self._answer(HTTPStatus.OK, found[0].read_bytes(), found[1])

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            kind = (self.headers.get("Content-Type") or "").split(";")[0].strip()
            if kind != "application/timestamp-query" or not 0 < length <= MAX_BODY:
                # The body is left unread: the connection cannot carry another request.
                self.close_connection = True
                self._answer(HTTPStatus.BAD_REQUEST, b"expected a timestamp query", "text/plain")
                return
            try:
                request = tsp.TimeStampReq.load(self.rfile.read(length))
                request.native  # noqa: B018 (parses the whole structure: a bad query fails here)
                reply = stamper.request_tsa_response(request)
            except Exception:
                self._answer(HTTPStatus.OK, _REJECTION, "application/timestamp-reply")
                return
            self._answer(HTTPStatus.OK, reply.dump(), "application/timestamp-reply")

        def log_message(self, format: str, *args: object) -> None:
            return

    return ThreadingHTTPServer((host, port), Handler)
