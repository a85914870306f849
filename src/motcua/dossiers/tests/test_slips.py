from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytest_django.fixtures import Settings

from motcua.core.errors import NotFound
from motcua.dossiers.models import DossierApology
from motcua.dossiers.paper.forms import ApologySlip, ControlSlip, ReceiptSlip, slip_data
from motcua.dossiers.paper.qr import qr_parse
from motcua.dossiers.paper.slips import FontNotFound, font_files, format_moment, render_slip
from motcua.dossiers.tests.factories import AT, PERSONAL_ID, build_world, submit
from motcua.dossiers.tests.slip_helpers import page_size_mm, pdf_text, qr_texts, walk

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
A5 = (148, 210)
A4 = (210, 297)


def test_moment_is_written_in_local_time() -> None:
    assert format_moment(AT) == "09 giờ 00 phút, ngày 02 tháng 03 năm 2026"
    assert format_moment(None) == ""


def test_receipt_form_01(settings: Settings, tmp_path: Path) -> None:
    settings.MOTCUA_PUBLIC_BASE_URL = "https://dichvucong.example.gov.vn/"
    walked = walk()
    dossier = walked.returned

    slip = slip_data(dossier=dossier, form="01", at=NOW)
    pdf = render_slip(slip, at=NOW)

    assert isinstance(slip, ReceiptSlip)
    text = pdf_text(pdf)
    assert page_size_mm(pdf) == A5
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        dossier.code,
        "Nguyễn Văn An",
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ THỬ",
        "09 giờ 00 phút, ngày 02 tháng 03 năm 2026",
        "giay-gioi-thieu.pdf",
        "Bộ phận Một cửa xã thử",
    ):
        assert expected in text, expected
    assert format_moment(slip.due_at) in text
    [found] = qr_texts(pdf, tmp_path)
    content = qr_parse(found)
    assert content.dossier_code == dossier.code
    assert content.procedure_code == dossier.procedure_version.procedure.code
    assert content.applicant_id == PERSONAL_ID
    assert content.document_name == "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
    assert content.lookup_url == (f"https://dichvucong.example.gov.vn/tra-cuu/{dossier.code}/")


def test_pdf_metadata_and_same_bytes_for_same_input() -> None:
    dossier = walk().returned
    slip = slip_data(dossier=dossier, form="01", at=NOW)

    first = render_slip(slip, at=NOW)
    again = render_slip(slip, at=NOW)

    assert first == again
    meta = PdfReader(BytesIO(first)).metadata
    assert meta is not None
    assert meta.title == f"Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả - {dossier.code}"
    assert meta.creation_date is not None
    assert meta.creation_date.astimezone(UTC) == NOW
    assert b"FontFile2" in first  # the TrueType font is embedded


@pytest.mark.parametrize(
    ("form", "which", "expected"),
    [
        (
            "02",
            "returned",
            [
                "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
                "Bổ sung bản chụp rõ nét giấy giới thiệu",
                "Giấy giới thiệu bị mờ.",
                "11 giờ 00 phút, ngày 02 tháng 03 năm 2026",
            ],
        ),
        (
            "03",
            "refused",
            [
                "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
                "Thủ tục không thuộc thẩm quyền giải quyết",
                "13 giờ 00 phút, ngày 02 tháng 03 năm 2026",
            ],
        ),
        (
            "04",
            "apologised",
            [
                "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
                "Phải xác minh thêm tại địa phương nơi cư trú",
                "thành thật xin lỗi",
            ],
        ),
        (
            "05",
            "stopped",
            [
                "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
                "Cơ quan có thẩm quyền đình chỉ việc đăng ký",
                "16 giờ 00 phút, ngày 02 tháng 03 năm 2026",
                "BAN CHỈ HUY QUÂN SỰ XÃ THỬ",
            ],
        ),
    ],
)
def test_notice_forms(form: str, which: str, expected: list[str], tmp_path: Path) -> None:
    walked = walk()
    dossier = getattr(walked, which)

    pdf = render_slip(slip_data(dossier=dossier, form=form, at=NOW), at=NOW)

    text = pdf_text(pdf)
    assert page_size_mm(pdf) == A5
    assert dossier.code in text
    assert "Nguyễn Văn An" in text
    for item in expected:
        assert item in text, item
    [found] = qr_texts(pdf, tmp_path)
    assert qr_parse(found).dossier_code == dossier.code
    assert qr_parse(found).document_name.upper() == expected[0]


def test_apology_shows_old_and_new_due_dates() -> None:
    dossier = walk().apologised
    apology = DossierApology.objects.get(dossier=dossier)

    slip = slip_data(dossier=dossier, form="04", at=NOW)
    text = pdf_text(render_slip(slip, at=NOW))

    assert isinstance(slip, ApologySlip)
    assert slip.new_due_at == dossier.due_at == apology.proposed_due_at
    assert format_moment(apology.original_due_at) in text
    assert "ngày 10 tháng 03 năm 2026" in text
    assert str(apology.approved_by) in text


def test_control_slip_form_06_one_row_per_hand_over(tmp_path: Path) -> None:
    walked = walk()
    world, dossier = walked.world, walked.returned

    slip = slip_data(dossier=dossier, form="06", at=NOW)
    pdf = render_slip(slip, at=NOW)

    assert isinstance(slip, ControlSlip)
    assert page_size_mm(pdf) == A4
    actions = [row.sender for row in slip.hand_overs]
    assert len(actions) == 7  # submit, 4 steps completed, supplement requested and supplied
    reception = slip.hand_overs[1]
    assert reception.step == "Tiếp nhận hồ sơ"
    assert reception.sender == str(world.receiver)
    assert reception.receiver == str(world.specialist)
    assert reception.outcome == "Đúng hạn"
    assert slip.hand_overs[-1].receiver == "Nguyễn Văn An"
    assert slip.lead_agency == "Ban Chỉ huy quân sự xã thử"
    text = pdf_text(pdf)
    for expected in (
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        dossier.code,
        "Giao: ",
        "Nhận: ",
        "Đúng hạn",
        "10 giờ 00 phút, ngày 02 tháng 03 năm 2026",
    ):
        assert expected in text, expected
    [found] = qr_texts(pdf, tmp_path)
    assert qr_parse(found).document_name == "Phiếu kiểm soát quá trình giải quyết hồ sơ"


def test_forms_the_dossier_does_not_have_are_not_found() -> None:
    world = build_world()
    dossier = submit(world).dossier

    for form in ("02", "03", "04", "05", "07", "99", ""):
        with pytest.raises(NotFound):
            slip_data(dossier=dossier, form=form, at=NOW)


def test_missing_font_names_the_package(tmp_path: Path) -> None:
    with pytest.raises(FontNotFound) as caught:
        font_files(str(tmp_path))

    assert "fonts-noto-core" in str(caught.value)
    regular, bold = font_files()
    assert regular.name.endswith(".ttf")
    assert bold.is_file()
