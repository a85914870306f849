"""The result template as data: what is wrong with one is said in Vietnamese, and a well-formed
one is read with its legal grounds, paragraphs and symbol."""

from motcua.catalog.result_templates import filled, result_template, result_template_problems

PERMIT = {
    "title": "Giấy phép xây dựng",
    "symbol": "GPXD",
    "basis": ["Căn cứ Luật Xây dựng ngày 18 tháng 6 năm 2014;"],
    "body": ["(Sử dụng cho nhà ở riêng lẻ)"],
    "fields": [{"label": "Vị trí xây dựng", "source": "site_address"}],
    "statement": {"label": "Được phép xây dựng công trình", "default": "Nhà ở riêng lẻ"},
    "closing": ["Chủ đầu tư thông báo ngày khởi công cho {agency_name}."],
    "signer_title": "KT. Chủ tịch\nPhó Chủ tịch",
}


def test_a_well_formed_template_is_read_with_its_grounds_paragraphs_and_symbol() -> None:
    assert result_template_problems(PERMIT) == []
    template = result_template([{"name": "Giấy phép xây dựng", "document": PERMIT}])
    assert template is not None
    assert template.symbol == "GPXD"
    assert template.basis == ("Căn cứ Luật Xây dựng ngày 18 tháng 6 năm 2014;",)
    assert template.body == ("(Sử dụng cho nhà ở riêng lẻ)",)
    assert template.closing == ("Chủ đầu tư thông báo ngày khởi công cho {agency_name}.",)


def test_without_a_symbol_the_number_says_kq() -> None:
    document = {key: value for key, value in PERMIT.items() if key != "symbol"}
    template = result_template([{"document": document}])
    assert template is not None
    assert template.symbol == "KQ"


def test_paragraphs_that_are_not_lists_of_text_and_a_lowercase_symbol_are_named() -> None:
    broken = {**PERMIT, "basis": "Căn cứ Luật Xây dựng", "closing": [1], "symbol": "gpxd"}
    assert result_template_problems(broken) == [
        '“basis” của mẫu kết quả là một danh sách đoạn văn, ví dụ ["Căn cứ ...;"].',
        '“closing” của mẫu kết quả là một danh sách đoạn văn, ví dụ ["Căn cứ ...;"].',
        "“symbol” của mẫu kết quả là ký hiệu viết hoa, ví dụ “GPXD” hoặc “LLTP”.",
    ]
    assert result_template([{"document": broken}]) is None


def test_a_placeholder_without_an_answer_shows_the_dotted_blank() -> None:
    text = "{agency_name} chứng nhận công dân {full_name}, sinh ngày {birth_date}."
    values = {"agency_name": "Ban Chỉ huy quân sự Phường Hoàn Kiếm", "full_name": "Phạm Văn An"}
    assert filled(text, values) == (
        "Ban Chỉ huy quân sự Phường Hoàn Kiếm chứng nhận công dân Phạm Văn An, sinh ngày …."
    )
    assert filled("Phiếu lý lịch tư pháp số {form_no}", {}, "") == "Phiếu lý lịch tư pháp số "
