"""Reading procedures for overlap detection: words, levels and names."""

from motcua.reform.overlap_text import (
    level_group,
    lower_words,
    name_levels,
    qualifiers,
    read_name,
    residuals,
    syllables,
    terms,
    word_key,
)


def test_text_is_folded_and_segmented_by_syllable_pairs() -> None:
    assert syllables("Đăng ký THƯỜNG TRÚ") == ["dang", "ky", "thuong", "tru"]
    bag = terms("Kết quả thẩm định")
    assert {"ket_qua", "qua_tham", "tham_dinh", "ket"} <= set(bag)
    # "thủ tục", "của", "và" say nothing about what a procedure does.
    assert syllables("Thủ tục của phòng và tổ") == ["phong", "to"]


def test_codes_levels_and_qualifiers_are_read_from_the_text() -> None:
    assert level_group(["Cấp xã"]) == "local"
    assert level_group(["Cấp huyện"]) == "local"
    assert level_group(["Cấp tỉnh"]) == "province"
    assert level_group(["province", "tỉnh"]) == "province"
    assert level_group(["Bộ"]) == "central"
    assert level_group(["ministry"]) == "central"
    assert level_group(["Cơ quan đại diện ở nước ngoài"]) == "abroad"
    # Mixed or unknown levels say nothing.
    assert level_group(["Cấp tỉnh", "Cấp xã"]) == ""
    assert level_group([]) == ""
    assert qualifiers("Đăng ký khai tử có yếu tố nước ngoài (lưu động)") == {"có yếu tố nước ngoài"}
    assert qualifiers("Dang ky khai tu co yeu to nuoc ngoai") == {"có yếu tố nước ngoài"}
    # What the parentheses say is a remark, not the name.
    assert qualifiers("Trợ giúp xã hội (khẩn cấp)") == frozenset()
    assert qualifiers("Đăng ký khai tử") == frozenset()


def test_a_name_is_read_for_its_actions_subjects_and_parts() -> None:
    combined = read_name("Thủ tục liên thông đăng ký khai tử, xóa đăng ký thường trú")
    assert combined.combined
    assert combined.actions == {"xoa dang ky"}
    assert combined.core == ("khai", "tử", "thường", "trú")
    assert combined.segments == (
        (frozenset(), ("khai", "tử")),
        (frozenset({"xoa dang ky"}), ("thường", "trú")),
    )
    assert not combined.ascii_only
    typed = read_name("Dang ky lai khai sinh")
    assert typed.ascii_only
    assert typed.actions == {"dang ky lai"}
    assert typed.core == ("khai", "sinh")
    assert not typed.combined


def test_a_name_says_its_level_and_carrying_out_is_no_subject() -> None:
    assert name_levels("Thẩm định thành lập đơn vị thuộc UBND cấp xã") == {"xa"}
    assert name_levels("Chuyển từ cấp huyện lên Cấp tỉnh") == {"huyen", "tinh"}
    assert name_levels("Cap giay phep cap tinh") == {"tinh"}
    assert name_levels("Cấp lại Giấy chứng nhận") == frozenset()
    # "đã tiến hành ở nước ngoài" says as much as "đã được giải quyết ở nước ngoài"; "ghi vào
    # sổ hộ tịch" is what the law calls "ghi chú".
    assert read_name("Ghi vào sổ hộ tịch việc ly hôn đã tiến hành ở nước ngoài").core == (
        "ghi",
        "chú",
        "ly",
        "hôn",
        "ở",
        "nước",
        "ngoài",
    )


def test_abbreviations_are_spelt_out_and_generic_words_dropped_with_or_without_diacritics() -> None:
    assert lower_words("Cấp thẻ BHYT") == ["cấp", "thẻ", "bảo", "hiểm", "y", "tế"]
    assert read_name("Đăng ký hộ kinh doanh cấp xã").core == ("hộ", "kinh", "doanh")
    assert read_name("Giai quyet tro cap").core == ("tro",)
    assert word_key("tử", True) == "tu"
    assert word_key("tử", False) == "tử"
    assert residuals(("khai", "tử"), ("khai", "tu"), True) == (set(), set())
    assert residuals(("khai", "tu"), ("khai", "tử"), True) == (set(), set())
    # A word typed without its marks is the word; two different marks are two words.
    assert residuals(("khai", "tử"), ("khai", "tu"), False) == (set(), set())
    assert residuals(("khai", "tử"), ("khai", "từ"), False) == ({"tử"}, {"từ"})


def test_a_remark_in_parentheses_is_no_part_of_the_name() -> None:
    reading = read_name("Đăng ký khai tử (lưu động)")
    assert reading.core == ("khai", "tử")
    assert reading.segments == ((frozenset(), ("khai", "tử")),)
    # A remark glued to the words around it leaves them two words.
    assert qualifiers("Đăng ký khai tử có yếu tố nước(lưu động)ngoài") == {"có yếu tố nước ngoài"}
    # A qualifier may open the name.
    assert qualifiers("Khẩn cấp hỗ trợ mai táng") == {"khẩn cấp"}


def test_two_verb_parts_make_a_combined_name_and_a_list_needs_an_action() -> None:
    assert read_name("Đăng ký khai tử, hưởng chế độ tử tuất").combined
    assert not read_name("Khai sinh, khai tử, kết hôn").combined
