import json

import pytest
import zxingcpp
from PIL import Image
from pytest_django.fixtures import Settings

from motcua.dossiers.paper.qr import QrContent, public_lookup_url, qr_matrix, qr_parse, qr_text

CONTENT = QrContent(
    dossier_code="000.00.01.H26-260302-0001",
    procedure_code="1.001821",
    applicant_id="001090012345",
    document_name="Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    lookup_url="https://dichvucong.example.gov.vn/tra-cuu/000.00.01.H26-260302-0001/",
)


def test_text_is_a_utf8_json_object_with_the_circular_fields() -> None:
    text = qr_text(CONTENT)

    assert json.loads(text) == {
        "v": 1,
        "ma_ho_so": "000.00.01.H26-260302-0001",
        "ma_thu_tuc": "1.001821",
        "ma_dinh_danh": "001090012345",
        "ten_giay_to": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        "tra_cuu": "https://dichvucong.example.gov.vn/tra-cuu/000.00.01.H26-260302-0001/",
    }
    assert "Giấy" in text  # not \\u-escaped
    assert qr_parse(text) == CONTENT


def test_parse_refuses_other_texts() -> None:
    with pytest.raises(ValueError, match="motcua"):
        qr_parse('{"v": 2}')


def test_lookup_url_from_the_public_base(settings: Settings) -> None:
    settings.MOTCUA_PUBLIC_BASE_URL = "https://dichvucong.example.gov.vn/"

    assert public_lookup_url(code="000.00.01.H26-260302-0001") == (
        "https://dichvucong.example.gov.vn/tra-cuu/000.00.01.H26-260302-0001/"
    )


def test_matrix_decodes_back_to_the_text() -> None:
    text = qr_text(CONTENT)
    matrix = qr_matrix(text)
    scale, border = 4, 4
    size = (len(matrix) + 2 * border) * scale
    image = Image.new("L", (size, size), 255)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                left, top = (x + border) * scale, (y + border) * scale
                image.paste(0, (left, top, left + scale, top + scale))

    [found] = zxingcpp.read_barcodes(image)

    assert found.text == text
