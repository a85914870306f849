"""The demo's declaration forms (tờ khai, đơn), each as its official template lists it.

A form is a JSON Schema with the project's keywords (``motcua.catalog.form_schema``): ``x-form``
names the template (form number, the legal document issuing it, the printed title, the agency
addressed), ``x-section`` groups the questions as the template's headings do, an ``array`` of
objects is a repeating group (a table on paper, ``x-rows`` lines of it), ``x-prefill`` takes a
value from a registry, and an ``allOf`` of ``if``/``then`` makes a question required in one case.
"""

from typing import Any

SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"
SEXES = {"enum": ["male", "female"], "x-enum-labels": ["Nam", "Nữ"]}
YES_NO = {"enum": ["yes", "no"], "x-enum-labels": ["Có", "Không"]}


def text(
    title: str, section: str = "", *, max_length: int = 200, prefill: str = "", **extra: Any
) -> dict[str, Any]:
    return {
        "type": "string",
        "title": title,
        "maxLength": max_length,
        **_in(section),
        **_from(prefill),
        **extra,
    }


def day(title: str, section: str = "", *, prefill: str = "", **extra: Any) -> dict[str, Any]:
    return {
        "type": "string",
        "title": title,
        "format": "date",
        **_in(section),
        **_from(prefill),
        **extra,
    }


def number(
    title: str, section: str = "", *, minimum: int = 0, maximum: int | None = None, **extra: Any
) -> dict[str, Any]:
    bounds = {"minimum": minimum, **({"maximum": maximum} if maximum is not None else {})}
    return {"type": "integer", "title": title, **bounds, **_in(section), **extra}


def choice(
    title: str, section: str, options: dict[str, Any], *, prefill: str = "", **extra: Any
) -> dict[str, Any]:
    return {"type": "string", "title": title, **options, **_in(section), **_from(prefill), **extra}


def flag(title: str, section: str = "", **extra: Any) -> dict[str, Any]:
    return {"type": "boolean", "title": title, **_in(section), **extra}


def rows(
    title: str, section: str, shown: int, required: list[str], **columns: Any
) -> dict[str, Any]:
    """A repeating group: a table on the paper template, ``shown`` lines of it on the page."""
    return {
        "type": "array",
        "title": title,
        "maxItems": shown,
        "x-rows": shown,
        "items": {
            "type": "object",
            "required": required,
            "properties": columns,
            "additionalProperties": False,
        },
        **_in(section),
    }


def when(field: str, value: Any, required: list[str]) -> dict[str, Any]:
    """``required`` must be answered when ``field`` is ``value`` (a conditional question)."""
    return {
        "if": {"properties": {field: {"const": value}}, "required": [field]},
        "then": {"required": required},
    }


def _in(section: str) -> dict[str, str]:
    return {"x-section": section} if section else {}


def _from(prefill: str) -> dict[str, str]:
    """``population.full_name``: the registry and the path of the value to offer."""
    return {"x-prefill": prefill} if prefill else {}


def form(
    title: str,
    *,
    number: str,
    basis: str,
    required: list[str],
    properties: dict[str, Any],
    addressee: str = "",
    conditions: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "$schema": SCHEMA_URI,
        "type": "object",
        "title": title,
        "x-form": {"number": number, "legal_basis": basis, "addressee": addressee},
        "required": required,
        "properties": properties,
        "additionalProperties": False,
    }
    if conditions:
        schema["allOf"] = conditions
    return schema


#: The applicant's identity, prefilled from the verified account (``portal.schema_forms``).
PERSON: dict[str, Any] = {
    "full_name": text("Họ, chữ đệm và tên"),
    "personal_id": text("Số định danh cá nhân", max_length=12, pattern="^[0-9]{12}$"),
    "birth_date": day("Ngày sinh"),
    "address": text("Nơi cư trú", max_length=500),
    "phone": text("Số điện thoại", max_length=10, pattern="^0[0-9]{9}$"),
}
PERSON_REQUIRED = ["full_name", "personal_id", "birth_date", "address"]

PERSON_SCHEMA: dict[str, Any] = {
    "$schema": SCHEMA_URI,
    "type": "object",
    "title": "Tờ khai",
    "required": PERSON_REQUIRED,
    "properties": PERSON,
    "additionalProperties": False,
}


def person_form(
    title: str, required: list[str], *, number: str = "", basis: str = "", **properties: Any
) -> dict[str, Any]:
    """The applicant's identity followed by what this declaration form asks besides."""
    return form(
        title,
        number=number,
        basis=basis,
        required=[*PERSON_REQUIRED, *required],
        properties={**PERSON, **properties},
    )


# -- Cư trú, hộ kinh doanh, lý lịch tư pháp (done before: kept, with their sources) -------------

_MEMBERS = "Những thành viên trong hộ gia đình cùng thay đổi"

#: Tờ khai thay đổi thông tin cư trú (mẫu CT01, Thông tư 66/2023/TT-BCA).
CT01_SCHEMA = form(
    "Tờ khai thay đổi thông tin cư trú (CT01)",
    number="Mẫu CT01",
    basis="Thông tư 66/2023/TT-BCA",
    addressee="Công an phường, xã",
    required=[*PERSON_REQUIRED, "new_address"],
    properties={
        **PERSON,
        "sex": choice("Giới tính", "", SEXES, prefill="population.sex"),
        "email": text("Email", max_length=200, format="email"),
        "new_address": text(
            "Địa chỉ đề nghị đăng ký thường trú",
            max_length=500,
            description="Số nhà, đường phố, tổ dân phố, phường, xã, ví dụ: Số 18 phố Hàng Bài, "
            "Phường Hoàn Kiếm.",
        ),
        "household_head_name": text("Chủ hộ (họ và tên)"),
        "relation_to_head": text(
            "Mối quan hệ với chủ hộ",
            max_length=100,
            description="Ví dụ: con, vợ, chồng; để trống nếu là chủ hộ.",
        ),
        "household_head_id": text(
            "Số định danh cá nhân của chủ hộ", max_length=12, pattern="^[0-9]{12}$"
        ),
        "request": text("Nội dung đề nghị", max_length=500),
        "members": rows(
            "Thành viên",
            _MEMBERS,
            4,
            ["full_name", "birth_date", "relation"],
            full_name=text("Họ, chữ đệm và tên"),
            birth_date=day("Ngày, tháng, năm sinh"),
            sex=choice("Giới tính", "", SEXES),
            personal_id=text("Số định danh cá nhân", max_length=12, pattern="^[0-9]{12}$"),
            relation=text("Mối quan hệ với chủ hộ", max_length=100),
        ),
    },
)

#: Giấy đề nghị đăng ký hộ kinh doanh (Phụ lục III-1, Thông tư 02/2023/TT-BKHĐT).
HKD_SCHEMA = person_form(
    "Giấy đề nghị đăng ký hộ kinh doanh",
    ["business_name", "business_line", "capital", "business_location"],
    number="Phụ lục III-1",
    basis="Thông tư 02/2023/TT-BKHĐT",
    business_name=text("Tên hộ kinh doanh", description="Ví dụ: Hộ kinh doanh Phở Hà Thành."),
    business_line=text(
        "Ngành, nghề kinh doanh",
        max_length=500,
        description="Ví dụ: Dịch vụ ăn uống (mã ngành 5610).",
    ),
    capital=number("Vốn kinh doanh (đồng)", description="Ví dụ: 50000000."),
    business_location=text(
        "Địa điểm kinh doanh",
        max_length=500,
        description="Số nhà, đường phố, phường, xã, ví dụ: Số 3 phố Hàng Bạc, Phường Hoàn Kiếm.",
    ),
)

#: Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (mẫu 03/2013/TT-LLTP). The number of copies is
#: asked with the fee (``portal.fee_forms``: the fee counts them), not here.
LLTP_SCHEMA = person_form(
    "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
    ["form_no", "purpose"],
    number="Mẫu số 03/2013/TT-LLTP",
    basis="Thông tư 13/2011/TT-BTP, sửa đổi bởi Thông tư 16/2013/TT-BTP",
    form_no=choice(
        "Loại Phiếu yêu cầu cấp",
        "",
        {
            "enum": ["1", "2"],
            "x-enum-labels": ["Phiếu lý lịch tư pháp số 1", "Phiếu lý lịch tư pháp số 2"],
        },
    ),
    purpose=text(
        "Mục đích sử dụng Phiếu", max_length=300, description="Ví dụ: bổ sung hồ sơ xin việc."
    ),
)

# -- Xây dựng (Mẫu số 01 Phụ lục II, Nghị định 15/2021/NĐ-CP) ---------------------------------

_OWNER = "1. Thông tin về chủ đầu tư"
_SITE = "2. Thông tin công trình"
_DESIGN = "3. Tổ chức, cá nhân lập, thẩm tra thiết kế xây dựng"
_WORKS = "4. Nội dung đề nghị cấp phép (nhà ở riêng lẻ)"
_TIME = "5. Dự kiến thời gian hoàn thành công trình"

BUILDING_PERMIT_SCHEMA = form(
    "Đơn đề nghị cấp giấy phép xây dựng",
    number="Mẫu số 01 Phụ lục II",
    basis="Nghị định 15/2021/NĐ-CP",
    addressee="Ủy ban nhân dân phường, xã",
    required=[
        "owner_name",
        "owner_address",
        "owner_phone",
        "plot_number",
        "plot_area_m2",
        "site_address",
        "building_grade",
        "ground_floor_area_m2",
        "total_floor_area_m2",
        "height_m",
        "floors",
        "completion_months",
    ],
    properties={
        "owner_name": text("Tên chủ đầu tư (chủ hộ)", _OWNER, prefill="population.full_name"),
        "representative": text("Người đại diện", _OWNER),
        "representative_title": text("Chức vụ (nếu có)", _OWNER, max_length=100),
        "owner_address": text(
            "Địa chỉ liên hệ",
            _OWNER,
            max_length=500,
            description="Số nhà, đường phố, phường, xã, tỉnh, thành phố.",
        ),
        "owner_phone": text("Số điện thoại", _OWNER, max_length=10, pattern="^0[0-9]{9}$"),
        "plot_number": text("Lô đất số", _SITE, max_length=50),
        "plot_area_m2": number("Diện tích lô đất (m²)", _SITE, minimum=1),
        "site_address": text(
            "Địa điểm xây dựng",
            _SITE,
            max_length=500,
            description="Số nhà, đường phố, phường, xã, tỉnh, thành phố.",
        ),
        "designer": text("Tên tổ chức, cá nhân lập thiết kế", _DESIGN),
        "designer_certificate": text(
            "Mã số chứng chỉ năng lực, chứng chỉ hành nghề", _DESIGN, max_length=50
        ),
        "design_lead": text("Tên chủ nhiệm, chủ trì thiết kế", _DESIGN),
        "design_lead_certificate": text(
            "Mã số chứng chỉ hành nghề của chủ nhiệm, chủ trì", _DESIGN, max_length=50
        ),
        "building_grade": choice(
            "Cấp công trình",
            _WORKS,
            {
                "enum": ["I", "II", "III", "IV"],
                "x-enum-labels": ["Cấp I", "Cấp II", "Cấp III", "Cấp IV"],
            },
        ),
        "ground_floor_area_m2": number("Diện tích xây dựng tầng 1 (m²)", _WORKS, minimum=1),
        "total_floor_area_m2": number("Tổng diện tích sàn (m²)", _WORKS, minimum=1),
        "height_m": number("Chiều cao công trình (m)", _WORKS, minimum=1, maximum=200),
        "floors": number("Số tầng", _WORKS, minimum=1, maximum=60),
        "has_basement": flag("Có tầng hầm", _WORKS),
        "basement_floors": number("Số tầng hầm", _WORKS, minimum=1, maximum=10),
        "has_mezzanine": flag("Có tầng lửng, tum", _WORKS),
        "completion_months": number("Thời gian hoàn thành (tháng)", _TIME, minimum=1, maximum=120),
    },
    conditions=[when("has_basement", True, ["basement_floors"])],
)


def source_of_form(schema: dict[str, Any]) -> str:
    """The component's ``template`` text: the form number and the document issuing it."""
    meta = schema.get("x-form") or {}
    return ", ".join(filter(None, [meta.get("number"), meta.get("legal_basis")]))[:300]
