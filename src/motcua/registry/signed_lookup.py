"""The protocol the national registries (and ``motcua registry-sim``) speak.

``GET <MOTCUA_REGISTRY_URL>/v1/<collection>/<subject>`` with the purpose, the dossier code and a
fresh request id in headers. The answer is JSON naming the registry, the subject, the request id
and the moment, signed with Ed25519 over the raw body (``X-Registry-Signature``). The answer is
trusted only when the signature verifies with the configured public key and the body names the
subject and request id asked for (so an answer cannot be replayed for another request).
"""

import json
import urllib.parse
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings

from motcua.registry.client import registry_get
from motcua.registry.plugins import RegistryAnswer, RegistryAnswerRefused, RegistryUnavailable
from motcua.registry.signing import (
    CLIENT_HEADER,
    DOSSIER_HEADER,
    KEY_ID_HEADER,
    PURPOSE_HEADER,
    REQUEST_ID_HEADER,
    SIGNATURE_HEADER,
    load_public_key,
    verify,
)

CLIENT_ID = "motcua"


def signed_lookup(
    *,
    source: str,
    collection: str,
    subject: str,
    purpose: str,
    dossier_code: str,
    request_id: str,
    at: datetime,
) -> RegistryAnswer:
    base = settings.MOTCUA_REGISTRY_URL.rstrip("/")
    url = f"{base}/v1/{collection}/{urllib.parse.quote(subject, safe='')}"
    answer = registry_get(
        registry=source,
        url=url,
        headers={
            "Accept": "application/json",
            # Headers are Latin-1 on the wire: the purpose travels percent-encoded.
            PURPOSE_HEADER: urllib.parse.quote(purpose),
            DOSSIER_HEADER: dossier_code,
            REQUEST_ID_HEADER: request_id,
            CLIENT_HEADER: CLIENT_ID,
        },
        at=at,
    )
    try:
        public_key = load_public_key(Path(settings.MOTCUA_REGISTRY_PUBLIC_KEY_FILE))
    except (OSError, ValueError) as error:
        message = f"{source}: no public key to verify answers"
        raise RegistryUnavailable(message) from error
    signature = answer.headers.get(SIGNATURE_HEADER.lower(), "")
    if not verify(public_key, answer.body, signature):
        message = f"{source}: signature does not verify"
        raise RegistryAnswerRefused(message)
    try:
        document: Any = json.loads(answer.body)
    except ValueError as error:
        message = f"{source}: answer is not JSON"
        raise RegistryAnswerRefused(message) from error
    if (
        not isinstance(document, dict)
        or document.get("subject") != subject
        or document.get("request_id") != request_id
    ):
        message = f"{source}: answer is about another request"
        raise RegistryAnswerRefused(message)
    data = document.get("data")
    found = answer.status == 200 and isinstance(data, dict)
    return RegistryAnswer(
        source=source,
        subject=subject,
        found=found,
        data=data if isinstance(data, dict) else {},
        body=answer.body.decode(),
        request_id=request_id,
        signature=signature,
        key_id=answer.headers.get(KEY_ID_HEADER.lower(), ""),
        verified=True,
    )
