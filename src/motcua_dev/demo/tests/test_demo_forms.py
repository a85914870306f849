"""The demo's declaration forms ask what their procedure needs, as the official template lists
it, and a result template that is not well formed cannot be stored."""

import subprocess
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from motcua.catalog.form_schema import question_titles
from motcua.catalog.models import ComponentKind, ProcedureVersion, VersionStatus
from motcua.catalog.selectors import procedure_version_current
from motcua.catalog.services import procedure_draft_update, procedure_version_new_draft
from motcua.core.errors import ValidationFailed
from motcua.portal.schema_forms import ApplicationForm
from motcua_dev.demo import accounts as accounts_demo
from motcua_dev.demo import calendar as calendar_demo
from motcua_dev.demo import catalog as catalog_demo
from motcua_dev.demo import reform as reform_demo
from motcua_dev.testing.processes import require_tools

pytestmark = pytest.mark.django_db

#: Procedure, its form, and the questions of the official template that form must ask.
ASKED = {
    "1.004194": ("to_khai_cu_tru", {"full_name", "personal_id", "new_address"}),
    "2.000575": (
        "giay_de_nghi_hkd",
        {"full_name", "business_name", "business_line", "capital", "business_location"},
    ),
    "2.001417": ("to_khai_lltp", {"full_name", "birth_date", "form_no", "purpose"}),
}


def _version(code: str) -> ProcedureVersion:
    return ProcedureVersion.objects.get(
        procedure__national_code=code, status=VersionStatus.PUBLISHED
    )


@pytest.fixture
def demo() -> None:
    at = timezone.now() - timedelta(days=1)
    accounts_demo.load(at=at)
    calendar_demo.load(at=at)
    catalog_demo.load(at=at)


@pytest.mark.parametrize("code", sorted(ASKED))
def test_each_form_requires_the_questions_of_its_official_template(demo: None, code: str) -> None:
    form_code, wanted = ASKED[code]
    form = _version(code).components.get(code=form_code, kind=ComponentKind.FORM)
    schema: dict[str, Any] = form.schema or {}
    assert wanted <= set(schema["required"])
    assert all(schema["properties"][name]["title"] for name in wanted)


def test_the_judicial_record_form_offers_form_no_1_or_2_and_counts_copies_with_the_fee(
    demo: None,
) -> None:
    version = _version("2.001417")
    schema: dict[str, Any] = version.components.get(code="to_khai_lltp").schema or {}
    assert schema["properties"]["form_no"]["enum"] == ["1", "2"]
    # the copies are asked once, by the fee fields, because a fee rule counts them
    assert "copies" not in schema["properties"]
    assert "so_ban" not in schema["properties"]
    assert version.fees.filter(item_input="copies", from_item=3).exists()


def test_a_result_template_without_a_signer_title_is_refused_naming_it(demo: None) -> None:
    version = _version("2.001417")
    draft = procedure_version_new_draft(
        procedure=version.procedure, at=timezone.now(), actor="test"
    )
    broken = [{**version.results[0], "document": {"title": "Phiếu", "fields": []}}]
    with pytest.raises(ValidationFailed) as refused:
        procedure_draft_update(
            version=draft, changes={"results": broken}, at=timezone.now(), actor="test"
        )
    assert "signer_title" in str(
        [problem.message for problem in refused.value.problems if "document" in problem.path]
    )


#: Each demo procedure's declaration form: its component, the official template it reproduces
#: (the document issuing it), and every question that template prints, in its wording.
OFFICIAL: dict[str, tuple[str, str, list[str]]] = {
    "1.001821": (
        "phieu_tu_khai_suc_khoe",
        "Thông tư 105/2023/TT-BQP",
        [
            "Họ, chữ đệm và tên", "Ngày sinh", "Giới tính", "Số định danh cá nhân",
            "Dân tộc", "Nghề nghiệp", "Nơi làm việc, học tập", "Họ và tên bố", "Năm sinh của bố",
            "Họ và tên mẹ", "Năm sinh của mẹ", "Nơi đăng ký thường trú", "Chỗ ở hiện nay",
            "Tiền sử bệnh tật của gia đình", "Đã từng mắc bệnh truyền nhiễm",
            "Bệnh tim mạch, tăng huyết áp", "Bệnh tâm thần, động kinh", "Đã từng phẫu thuật",
            "Phẫu thuật gì, năm nào", "Đã từng sử dụng chất ma túy", "Chiều cao (cm)",
            "Cân nặng (kg)", "Bệnh mãn tính, bệnh đang điều trị",
        ],
    ),
    "1.001771": (
        "to_khai_bo_sung",
        "Nghị định 13/2016/NĐ-CP",
        ["Họ, chữ đệm và tên", "Số Giấy chứng nhận đăng ký nghĩa vụ quân sự",
         "Thông tin thay đổi", "Nội dung thay đổi", "Ngày thay đổi"],
    ),
    "1.001733": (
        "to_khai_tam_vang",
        "Nghị định 13/2016/NĐ-CP",
        ["Họ, chữ đệm và tên", "Vắng mặt từ ngày", "Dự kiến trở về ngày", "Nơi đến",
         "Lý do vắng mặt"],
    ),
    "1.001748": (
        "to_khai_chuyen_den",
        "Nghị định 13/2016/NĐ-CP",
        ["Họ, chữ đệm và tên", "Nơi chuyển đi", "Ngày chuyển đến",
         "Số Giấy giới thiệu di chuyển đăng ký nghĩa vụ quân sự"],
    ),
    "1.001766": (
        "to_khai_chuyen_di",
        "Nghị định 13/2016/NĐ-CP",
        ["Họ, chữ đệm và tên", "Nơi chuyển đến", "Ngày dự kiến chuyển đi", "Lý do chuyển"],
    ),
    "1.001193": (
        "to_khai_khai_sinh",
        "Thông tư 04/2020/TT-BTP",
        [
            "Họ, chữ đệm và tên người yêu cầu", "Số định danh cá nhân người yêu cầu",
            "Nơi cư trú của người yêu cầu", "Quan hệ với người được khai sinh",
            "Họ, chữ đệm, tên người được khai sinh", "Ngày, tháng, năm sinh của trẻ",
            "Giới tính của trẻ", "Dân tộc của trẻ", "Quốc tịch của trẻ", "Nơi sinh", "Quê quán",
            "Họ, chữ đệm, tên người mẹ", "Năm sinh của mẹ", "Dân tộc của mẹ", "Quốc tịch của mẹ",
            "Nơi cư trú của mẹ", "Họ, chữ đệm, tên người cha", "Năm sinh của cha",
            "Dân tộc của cha", "Quốc tịch của cha", "Nơi cư trú của cha", "Đề nghị cấp bản sao",
            "Số lượng bản sao",
        ],
    ),
    "1.000894": (
        "to_khai_ket_hon",
        "Thông tư 04/2020/TT-BTP",
        [
            f"{item} {side}"
            for side in ("bên nữ", "bên nam")
            for item in (
                "Họ, chữ đệm, tên", "Ngày, tháng, năm sinh", "Dân tộc", "Quốc tịch",
                "Nơi cư trú", "Giấy tờ tùy thân",
            )
        ]
        + ["Kết hôn lần thứ mấy (bên nữ)", "Kết hôn lần thứ mấy (bên nam)",
           "Đề nghị cấp bản sao", "Số lượng bản sao"],
    ),
    "1.000656": (
        "to_khai_khai_tu",
        "Thông tư 04/2020/TT-BTP",
        [
            "Họ, chữ đệm và tên người yêu cầu", "Nơi cư trú của người yêu cầu",
            "Số định danh cá nhân người yêu cầu", "Quan hệ với người đã chết",
            "Họ, chữ đệm, tên người đã chết", "Ngày, tháng, năm sinh người đã chết",
            "Giới tính người đã chết", "Dân tộc người đã chết", "Quốc tịch người đã chết",
            "Nơi cư trú cuối cùng", "Giấy tờ tùy thân người đã chết",
            "Đã chết vào lúc (giờ, phút)", "Ngày chết", "Nơi chết", "Nguyên nhân chết",
            "Số Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử", "Cơ quan cấp Giấy báo tử",
            "Ngày cấp Giấy báo tử", "Đề nghị cấp bản sao", "Số lượng bản sao",
        ],
    ),
    "1.004194": (
        "to_khai_cu_tru",
        "Thông tư 66/2023/TT-BCA",
        [
            "Họ, chữ đệm và tên", "Ngày sinh", "Giới tính", "Số định danh cá nhân",
            "Số điện thoại", "Email", "Chủ hộ (họ và tên)", "Mối quan hệ với chủ hộ",
            "Số định danh cá nhân của chủ hộ", "Nội dung đề nghị",
            "Địa chỉ đề nghị đăng ký thường trú", "Họ, chữ đệm và tên (thành viên 1)",
            "Ngày, tháng, năm sinh (thành viên 1)", "Giới tính (thành viên 1)",
            "Số định danh cá nhân (thành viên 1)", "Mối quan hệ với chủ hộ (thành viên 1)",
        ],
    ),
    "1.009994": (
        "don_de_nghi_gpxd",
        "Nghị định 15/2021/NĐ-CP",
        [
            "Tên chủ đầu tư (chủ hộ)", "Người đại diện", "Chức vụ (nếu có)", "Địa chỉ liên hệ",
            "Số điện thoại", "Lô đất số", "Diện tích lô đất (m²)", "Địa điểm xây dựng",
            "Tên tổ chức, cá nhân lập thiết kế", "Mã số chứng chỉ năng lực, chứng chỉ hành nghề",
            "Tên chủ nhiệm, chủ trì thiết kế", "Cấp công trình",
            "Diện tích xây dựng tầng 1 (m²)", "Tổng diện tích sàn (m²)",
            "Chiều cao công trình (m)", "Số tầng", "Có tầng hầm", "Có tầng lửng, tum",
            "Thời gian hoàn thành (tháng)",
        ],
    ),
    "2.000635": (
        "to_khai",
        "Thông tư 04/2020/TT-BTP",
        [
            "Họ, chữ đệm và tên người yêu cầu", "Nơi cư trú của người yêu cầu",
            "Số định danh cá nhân người yêu cầu", "Quan hệ với người được cấp bản sao trích lục",
            "Họ, chữ đệm, tên người được cấp bản sao trích lục",
            "Ngày, tháng, năm sinh người được cấp bản sao", "Giới tính", "Dân tộc", "Quốc tịch",
            "Nơi cư trú", "Giấy tờ tùy thân", "Loại việc hộ tịch đã đăng ký", "Nơi đăng ký",
            "Số đăng ký (số, quyển số)", "Ngày đăng ký", "Số lượng bản sao đề nghị cấp",
        ],
    ),
}  # fmt: skip


@pytest.mark.parametrize("code", sorted(OFFICIAL))
def test_each_demo_procedure_asks_every_question_of_its_official_template(
    demo: None, code: str
) -> None:
    if code == reform_demo.MINED_CODE:  # the reform team's demo publishes it
        reform_demo.load(at=timezone.now() - timedelta(days=1), dossiers=2)
    form_code, source, questions = OFFICIAL[code]
    version = procedure_version_current(code=code, on=timezone.localdate())
    component = version.components.get(code=form_code, kind=ComponentKind.FORM)
    assert source in component.template
    form = ApplicationForm(components=[component], communes=[])

    asked = [str(field.label) for field in form.fields.values()]

    missing = [q for q in questions if not any(label.startswith(q) for label in asked)]
    assert missing == [], f"{code} does not ask {missing}"


def _pdf_text(pdf: bytes) -> str:
    """``pdftotext``'s reading of the file, line breaks of wrapped lines collapsed."""
    require_tools("pdftotext", "pdffonts", packages="poppler-utils")
    done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())


def _fonts(pdf: bytes) -> list[tuple[str, str]]:
    """``(name, embedded)`` of each font ``pdffonts`` lists."""
    done = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True)
    rows = done.stdout.decode().splitlines()[2:]
    return [(row.split()[0], row.split()[-5]) for row in rows]


@pytest.mark.parametrize("code", sorted(OFFICIAL))
def test_each_demo_form_downloads_as_its_blank_official_template(
    demo: None, client: Client, code: str
) -> None:
    if code == reform_demo.MINED_CODE:
        reform_demo.load(at=timezone.now() - timedelta(days=1), dossiers=2)
    form_code, source, _questions = OFFICIAL[code]
    version = procedure_version_current(code=code, on=timezone.localdate())
    schema = version.components.get(code=form_code).schema or {}
    page = client.get(reverse("portal:procedure_detail", args=[code]))
    link = reverse("portal:procedure_form_pdf", args=[code, form_code])
    assert link in page.content.decode()

    response = client.get(link)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc" in text
    assert str(schema["title"]).upper() in text
    assert schema["x-form"]["number"] in text
    assert source in text
    missing = [title for title in question_titles(schema) if title not in text]
    assert missing == [], f"{code}: the blank form lacks {missing}"
    assert {name.split("+")[-1] for name, _e in _fonts(response.content)} == {
        "NotoSans-Regular",
        "NotoSans-Bold",
    }
    assert {embedded for _n, embedded in _fonts(response.content)} == {"yes"}


def test_a_procedure_without_that_form_has_no_blank_template(demo: None, client: Client) -> None:
    response = client.get(reverse("portal:procedure_form_pdf", args=["1.001821", "can_cuoc"]))

    assert response.status_code == 404
