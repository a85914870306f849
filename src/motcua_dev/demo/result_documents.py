"""The result documents of the demo's procedures (mẫu kết quả giải quyết TTHC), as the templates
of :mod:`motcua.catalog.result_templates`: the wording and the parts of each official form, filled
from the declaration form's answers and from what the officer writes when drafting.

A line whose answer a dossier does not hold is left off the document, so each name a template
reads must be a question of its procedure's form (``tests/test_result_fields.py`` checks them all
and that every answer prints).
"""

from typing import Any

#: Signer of a commune People's Committee (ký thay Chủ tịch).
_COMMUNE_VICE_CHAIR = "KT. Chủ tịch\nPhó Chủ tịch"
_CIVIL_STATUS_BASIS = [
    "Căn cứ Luật Hộ tịch ngày 20 tháng 11 năm 2014;",
    "Căn cứ Nghị định số 123/2015/NĐ-CP ngày 15 tháng 11 năm 2015 của Chính phủ quy định chi "
    "tiết một số điều và biện pháp thi hành Luật Hộ tịch;",
]
_NVQS_BASIS = [
    "Căn cứ Luật Nghĩa vụ quân sự ngày 19 tháng 6 năm 2015;",
    "Căn cứ Nghị định số 13/2016/NĐ-CP ngày 19 tháng 02 năm 2016 của Chính phủ quy định việc "
    "đăng ký nghĩa vụ quân sự;",
]
_CITIZEN_FIELDS = [
    {"label": "Họ, chữ đệm và tên", "source": "full_name"},
    {"label": "Ngày, tháng, năm sinh", "source": "birth_date", "format": "date"},
    {"label": "Số định danh cá nhân", "source": "personal_id"},
    {"label": "Nơi cư trú", "source": "address"},
]


def _identity(prefix: str, who: str, *, sex: bool = False, residence: str = "residence") -> Any:
    """The identity lines of a person named by the form's ``<prefix>_…`` answers (a spouse, the
    deceased), as the civil-status certificates print them."""
    return [
        {"label": f"Họ, chữ đệm, tên {who}", "source": f"{prefix}_name"},
        {"label": "Ngày, tháng, năm sinh", "source": f"{prefix}_birth_date", "format": "date"},
        *([{"label": "Giới tính", "source": f"{prefix}_sex"}] if sex else []),
        {"label": "Dân tộc", "source": f"{prefix}_ethnicity"},
        {"label": "Quốc tịch", "source": f"{prefix}_nationality"},
        {"label": "Nơi cư trú", "source": f"{prefix}_{residence}"},
        {"label": "Số định danh cá nhân", "source": f"{prefix}_personal_id"},
    ]


def _nvqs(
    title: str,
    body: str,
    fields: list[dict[str, str]],
    statement: dict[str, str],
    *,
    residence: dict[str, str] = _CITIZEN_FIELDS[3],
) -> Any:
    """A document of the commune military command (Ban Chỉ huy quân sự cấp xã); ``residence``
    is the line of the citizen's place of residence, as the form asks it."""
    return {
        "title": title,
        "symbol": "NVQS",
        "basis": _NVQS_BASIS,
        "body": [body],
        "fields": [*_CITIZEN_FIELDS[:3], residence, *fields],
        "statement": statement,
        "signer_title": "Chỉ huy trưởng",
    }


#: The document of each demo procedure, by national code.
RESULT_DOCUMENTS: dict[str, dict[str, Any]] = {
    # Giấy chứng nhận đăng ký nghĩa vụ quân sự (Luật Nghĩa vụ quân sự, Art. 16).
    "1.001821": {
        **_nvqs(
            "Giấy chứng nhận đăng ký nghĩa vụ quân sự",
            "{agency_name} chứng nhận công dân có tên dưới đây đã đăng ký nghĩa vụ quân sự lần "
            "đầu:",
            [
                {"label": "Chiều cao (cm)", "source": "height_cm"},
                {"label": "Cân nặng (kg)", "source": "weight_kg"},
            ],
            {
                "label": "Đăng ký",
                "default": "Đã vào Sổ danh sách công dân thực hiện nghĩa vụ quân sự.",
            },
            # the health self-declaration asks the permanent residence, not "Nơi cư trú"
            residence={"label": "Nơi đăng ký thường trú", "source": "permanent_residence"},
        ),
        "closing": [
            "Công dân giữ gìn Giấy chứng nhận này, xuất trình khi cơ quan có thẩm quyền yêu cầu; "
            "khi thay đổi nơi cư trú, nơi làm việc, học tập thì đăng ký chuyển đi, chuyển đến "
            "theo quy định."
        ],
    },
    "1.001771": _nvqs(
        "Xác nhận đăng ký nghĩa vụ quân sự bổ sung",
        "{agency_name} xác nhận công dân có tên dưới đây đã đăng ký bổ sung thông tin nghĩa vụ "
        "quân sự:",
        [
            {"label": "Nội dung thay đổi", "source": "changed_item"},
            {"label": "Thông tin mới", "source": "new_value"},
            {"label": "Ngày thay đổi", "source": "changed_on", "format": "date"},
        ],
        {
            "label": "Kết quả",
            "default": "Đã cập nhật vào Sổ danh sách công dân thực hiện nghĩa vụ quân sự.",
        },
    ),
    "1.001733": _nvqs(
        "Xác nhận đăng ký tạm vắng nghĩa vụ quân sự",
        "{agency_name} xác nhận công dân có tên dưới đây đã đăng ký tạm vắng:",
        [
            {"label": "Tạm vắng từ ngày", "source": "absent_from", "format": "date"},
            {"label": "Đến ngày", "source": "absent_to", "format": "date"},
            {"label": "Nơi đến", "source": "destination"},
            {"label": "Lý do", "source": "reason"},
        ],
        {"label": "Kết quả", "default": "Đã ghi vào Sổ đăng ký tạm vắng nghĩa vụ quân sự."},
    ),
    "1.001748": _nvqs(
        "Xác nhận đăng ký nghĩa vụ quân sự chuyển đến",
        "{agency_name} xác nhận công dân có tên dưới đây đã đăng ký nghĩa vụ quân sự chuyển đến:",
        [
            {"label": "Nơi chuyển đi", "source": "moved_from"},
            {"label": "Ngày chuyển đến", "source": "moved_on", "format": "date"},
            {"label": "Giấy giới thiệu di chuyển số", "source": "referral_no"},
        ],
        {
            "label": "Kết quả",
            "default": "Đã vào Sổ danh sách công dân thực hiện nghĩa vụ quân sự của đơn vị.",
        },
    ),
    "1.001766": {
        **_nvqs(
            "Giấy giới thiệu di chuyển đăng ký nghĩa vụ quân sự",
            "{agency_name} giới thiệu công dân có tên dưới đây đến đăng ký nghĩa vụ quân sự tại "
            "nơi chuyển đến:",
            [
                {"label": "Nơi chuyển đến", "source": "moving_to"},
                {"label": "Ngày chuyển đi", "source": "moving_on", "format": "date"},
                {"label": "Lý do", "source": "reason"},
            ],
            {"label": "Kèm theo", "default": "Giấy chứng nhận đăng ký nghĩa vụ quân sự."},
        ),
        "closing": [
            "Công dân đến đăng ký nghĩa vụ quân sự tại nơi chuyển đến trong thời hạn 10 ngày "
            "làm việc kể từ ngày đến nơi cư trú, làm việc, học tập mới."
        ],
    },
    # Giấy khai sinh (Thông tư 04/2020/TT-BTP, sửa đổi bởi Thông tư 04/2024/TT-BTP).
    "1.001193": {
        "title": "Giấy khai sinh",
        "symbol": "KS",
        "basis": _CIVIL_STATUS_BASIS,
        "fields": [
            {"label": "Họ, chữ đệm, tên", "source": "child_name"},
            {"label": "Ngày, tháng, năm sinh", "source": "child_birth_date", "format": "date"},
            {"label": "Giới tính", "source": "child_sex"},
            {"label": "Dân tộc", "source": "child_ethnicity"},
            {"label": "Quốc tịch", "source": "child_nationality"},
            {"label": "Nơi sinh", "source": "child_birth_place"},
            {"label": "Quê quán", "source": "child_home_town"},
            {"label": "Họ, chữ đệm, tên người mẹ", "source": "mother_name"},
            {"label": "Năm sinh của người mẹ", "source": "mother_birth_year"},
            {"label": "Nơi cư trú của người mẹ", "source": "mother_residence"},
            {"label": "Họ, chữ đệm, tên người cha", "source": "father_name"},
            {"label": "Năm sinh của người cha", "source": "father_birth_year"},
            {"label": "Nơi cư trú của người cha", "source": "father_residence"},
        ],
        "statement": {
            "label": "Số đăng ký khai sinh",
            "default": "Đã đăng ký vào Sổ đăng ký khai sinh.",
        },
        "closing": ["Nơi đăng ký khai sinh: {agency_name}."],
        "signer_title": _COMMUNE_VICE_CHAIR,
    },
    # Giấy chứng nhận kết hôn (Thông tư 04/2020/TT-BTP).
    "1.000894": {
        "title": "Giấy chứng nhận kết hôn",
        "symbol": "KH",
        "basis": _CIVIL_STATUS_BASIS,
        "fields": [
            *_identity("groom", "người chồng"),
            *_identity("bride", "người vợ"),
        ],
        "statement": {
            "label": "Ghi chú",
            "default": "Hai bên nam, nữ tự nguyện kết hôn; việc kết hôn đã được đăng ký vào Sổ "
            "đăng ký kết hôn.",
        },
        "closing": ["Nơi đăng ký kết hôn: {agency_name}."],
        "signer_title": _COMMUNE_VICE_CHAIR,
    },
    # Trích lục khai tử (Thông tư 04/2020/TT-BTP).
    "1.000656": {
        "title": "Trích lục khai tử",
        "symbol": "TLKT",
        "basis": _CIVIL_STATUS_BASIS,
        "fields": [
            *_identity("deceased", "người đã chết", sex=True, residence="last_residence"),
            {"label": "Đã chết vào ngày", "source": "death_date", "format": "date"},
            {"label": "Vào lúc", "source": "death_time"},
            {"label": "Nơi chết", "source": "death_place"},
            {"label": "Nguyên nhân chết", "source": "death_cause"},
            {"label": "Giấy báo tử số", "source": "death_notice_no"},
            {"label": "Cơ quan cấp Giấy báo tử", "source": "death_notice_issuer"},
        ],
        "statement": {
            "label": "Ghi chú",
            "default": "Việc khai tử đã được đăng ký vào Sổ đăng ký khai tử.",
        },
        "closing": ["Nơi đăng ký khai tử: {agency_name}.", "Người đi khai tử: {applicant_name}."],
        "signer_title": _COMMUNE_VICE_CHAIR,
    },
    # Thông báo về kết quả giải quyết, hủy bỏ đăng ký cư trú (mẫu CT08, Thông tư 56/2021/TT-BCA
    # sửa đổi bởi Thông tư 66/2023/TT-BCA): the record is the residence database, this is its
    # notice to the citizen.
    "1.004194": {
        "title": "Thông báo về kết quả giải quyết, hủy bỏ đăng ký cư trú",
        "symbol": "TB",
        "basis": [
            "Căn cứ Luật Cư trú ngày 13 tháng 11 năm 2020;",
            "Căn cứ Thông tư số 55/2021/TT-BCA ngày 15 tháng 5 năm 2021 của Bộ trưởng Bộ Công "
            "an quy định chi tiết một số điều và biện pháp thi hành Luật Cư trú;",
        ],
        "body": [
            "{agency_name} thông báo kết quả giải quyết hồ sơ đăng ký thường trú (mã hồ sơ "
            "{dossier_code}) của công dân:"
        ],
        "fields": [
            *_CITIZEN_FIELDS[:3],
            {"label": "Nơi đăng ký thường trú", "source": "new_address"},
            {"label": "Họ, chữ đệm và tên chủ hộ", "source": "household_head_name"},
            {"label": "Quan hệ với chủ hộ", "source": "relation_to_head"},
        ],
        "statement": {
            "label": "Kết quả giải quyết",
            "default": "Đã đăng ký thường trú; thông tin đã được cập nhật vào Cơ sở dữ liệu về "
            "cư trú.",
        },
        "signer_title": "Trưởng Công an",
    },
    # Phiếu lý lịch tư pháp (mẫu số 06, 07/2013/TT-LLTP), drawn from the request form.
    "2.001417": {
        "title": "Phiếu lý lịch tư pháp số {form_no}",
        "symbol": "LLTP",
        "basis": ["Căn cứ Luật Lý lịch tư pháp ngày 17 tháng 6 năm 2009;"],
        "fields": [
            {"label": "Họ, chữ đệm và tên", "source": "full_name"},
            {"label": "Ngày, tháng, năm sinh", "source": "birth_date", "format": "date"},
            {"label": "Số định danh cá nhân", "source": "personal_id"},
            {"label": "Nơi cư trú", "source": "address"},
            {"label": "Mục đích sử dụng Phiếu", "source": "purpose"},
        ],
        "statement": {"label": "Tình trạng án tích", "default": "Không có án tích"},
        "signer_title": "KT. Giám đốc\nPhó Giám đốc",
    },
    # Giấy chứng nhận đăng ký hộ kinh doanh (Thông tư 02/2023/TT-BKHĐT).
    "2.000575": {
        "title": "Giấy chứng nhận đăng ký hộ kinh doanh",
        "symbol": "HKD",
        "basis": [
            "Căn cứ Nghị định số 01/2021/NĐ-CP ngày 04 tháng 01 năm 2021 của Chính phủ về đăng "
            "ký doanh nghiệp;"
        ],
        "fields": [
            {"label": "1. Tên hộ kinh doanh", "source": "business_name"},
            {"label": "2. Địa điểm kinh doanh", "source": "business_location"},
            {"label": "3. Ngành, nghề kinh doanh", "source": "business_line"},
            {"label": "4. Vốn kinh doanh", "source": "capital", "format": "money"},
            {"label": "5. Chủ hộ kinh doanh", "source": "full_name"},
            {"label": "Ngày, tháng, năm sinh", "source": "birth_date", "format": "date"},
            {"label": "Số định danh cá nhân", "source": "personal_id"},
            {"label": "Nơi cư trú", "source": "address"},
        ],
        "statement": {"label": "Đăng ký", "default": "Đăng ký lần đầu."},
        "signer_title": _COMMUNE_VICE_CHAIR,
    },
    # Giấy phép xây dựng, sử dụng cho nhà ở riêng lẻ (mẫu số 09 Phụ lục II, Nghị định
    # 15/2021/NĐ-CP).
    "1.009994": {
        "title": "Giấy phép xây dựng",
        "symbol": "GPXD",
        "basis": [
            "Căn cứ Luật Xây dựng ngày 18 tháng 6 năm 2014 và Luật sửa đổi, bổ sung một số điều "
            "của Luật Xây dựng ngày 17 tháng 6 năm 2020;",
            "Căn cứ Nghị định số 15/2021/NĐ-CP ngày 03 tháng 3 năm 2021 của Chính phủ quy định "
            "chi tiết một số nội dung về quản lý dự án đầu tư xây dựng;",
        ],
        "body": ["(Sử dụng cho nhà ở riêng lẻ)"],
        "fields": [
            {"label": "Địa chỉ", "source": "owner_address"},
            {"label": "Vị trí xây dựng", "source": "site_address"},
            {"label": "Lô đất số", "source": "plot_number"},
            {"label": "Diện tích lô đất (m²)", "source": "plot_area_m2"},
            {"label": "Cấp công trình", "source": "building_grade"},
            {"label": "Diện tích xây dựng tầng 1 (m²)", "source": "ground_floor_area_m2"},
            {"label": "Tổng diện tích sàn (m²)", "source": "total_floor_area_m2"},
            {"label": "Chiều cao công trình (m)", "source": "height_m"},
            {"label": "Số tầng", "source": "floors"},
        ],
        "statement": {
            "label": "Được phép xây dựng công trình",
            "default": "Nhà ở riêng lẻ, theo thiết kế đã được đóng dấu kèm theo Giấy phép này.",
        },
        "closing": [
            "Giấy phép này có hiệu lực khởi công xây dựng trong thời hạn 12 tháng kể từ ngày "
            "cấp; quá thời hạn trên thì phải đề nghị gia hạn giấy phép xây dựng.",
            "Chủ đầu tư thông báo ngày khởi công bằng văn bản cho {agency_name} trước khi khởi "
            "công xây dựng.",
        ],
        "signer_title": _COMMUNE_VICE_CHAIR,
    },
    # Lời chứng chứng thực bản sao từ bản chính (Nghị định 23/2015/NĐ-CP; mẫu lời chứng của
    # Thông tư 01/2020/TT-BTP).
    "2.000815": {
        "title": "Chứng thực bản sao từ bản chính",
        "symbol": "SCT-BS",
        "basis": [
            "Căn cứ Nghị định số 23/2015/NĐ-CP ngày 16 tháng 02 năm 2015 của Chính phủ về cấp "
            "bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký và chứng thực "
            "hợp đồng, giao dịch;"
        ],
        "fields": [],
        "statement": {
            "label": "Lời chứng",
            "default": "Chứng thực bản sao đúng với bản chính.",
        },
        "closing": ["Số chứng thực ghi theo Sổ chứng thực bản sao của {agency_name}."],
        "signer_title": "Người thực hiện chứng thực\nKT. Chủ tịch\nPhó Chủ tịch",
    },
}
