"""The QR code printed on every slip (Circular 01/2023/TT-VPCP): what it says and how it is drawn.

Content: one JSON object, UTF-8, compact, keys sorted, version ``v`` = 1::

    {"ma_dinh_danh": "001090012345", "ma_ho_so": "000.00.01.H26-260302-0001",
     "ma_thu_tuc": "1.001821", "ten_giay_to": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
     "tra_cuu": "https://dichvucong.example.gov.vn/tra-cuu/000.00.01.H26-260302-0001/", "v": 1}

* ``ma_ho_so``: the dossier code; ``ma_thu_tuc``: the procedure code;
* ``ma_dinh_danh``: the applicant's personal ID number, or the tax code of an organisation;
* ``ten_giay_to``: the name of the document (form) the code is printed on;
* ``tra_cuu``: the absolute address of the public lookup page, so a phone camera opens it.

JSON was chosen over ``key=value;`` pairs because values (names, addresses of documents) may hold
``;`` and ``=``, and every reader has a JSON parser.
"""

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.conf import settings

QR_VERSION = 1


@dataclass(frozen=True)
class QrContent:
    dossier_code: str
    procedure_code: str
    applicant_id: str
    document_name: str
    lookup_url: str


def public_lookup_url(*, code: str) -> str:
    """The absolute address of the public lookup page of dossier ``code`` (``/tra-cuu/<code>/``)."""
    base = str(settings.MOTCUA_PUBLIC_BASE_URL).rstrip("/")
    return f"{base}/tra-cuu/{quote(code, safe='.-_')}/"


def qr_text(content: QrContent) -> str:
    """The text encoded in the QR code (see the module documentation)."""
    data = {
        "v": QR_VERSION,
        "ma_ho_so": content.dossier_code,
        "ma_thu_tuc": content.procedure_code,
        "ma_dinh_danh": content.applicant_id,
        "ten_giay_to": content.document_name,
        "tra_cuu": content.lookup_url,
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def qr_parse(text: str) -> QrContent:
    """Read back :func:`qr_text`; :class:`ValueError` if it is not such a text."""
    data: Any = json.loads(text)
    if not isinstance(data, dict) or data.get("v") != QR_VERSION:
        raise ValueError("not a motcua slip QR code")
    return QrContent(
        dossier_code=str(data["ma_ho_so"]),
        procedure_code=str(data["ma_thu_tuc"]),
        applicant_id=str(data["ma_dinh_danh"]),
        document_name=str(data["ten_giay_to"]),
        lookup_url=str(data["tra_cuu"]),
    )


def qr_matrix(text: str) -> list[list[bool]]:
    """The modules of the QR code of ``text`` (True: dark), without the quiet zone.

    Error correction level M; byte mode in UTF-8 so Vietnamese letters survive any reader.
    """
    import segno  # loaded by the processes that draw codes, not by every web worker at start

    code = segno.make_qr(text.encode("utf-8"), error="m", boost_error=False)
    return [[bool(cell) for cell in row] for row in code.matrix]
