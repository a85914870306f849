"""One procedure spelt in two ways, or named as a verbal or a nominal phrase, is one procedure;
another subject stays another. Every example is invented."""

import pytest

from motcua.reform.overlap import ProcedureText, find_overlaps
from motcua.reform.overlap_names import (
    HELD_SUBJECT,
    held_subject,
    modern_spelling,
    same_but_hoi_nga,
    without_list_number,
)
from motcua.reform.overlap_subject import subject_name
from motcua.reform.overlap_text import lower_words, read_name, residuals

# Words weigh by their rarity, so every corpus holds more than the pair under test.
from motcua.reform.tests.test_overlap_wording import OTHERS


def named(left: str, right: str) -> list[str]:
    pair = [ProcedureText(ref="a", name=left), ProcedureText(ref="b", name=right)]
    return [f.kind for f in find_overlaps([*pair, *OTHERS]) if {f.left, f.right} == {"a", "b"}]


@pytest.mark.parametrize(
    ("old", "new"),
    [("thuỷ văn", "thủy văn"), ("hoà giải", "hòa giải"), ("sức khoẻ", "sức khỏe"), ("tuỳ", "tùy")],
)
def test_the_old_placement_of_the_tone_mark_is_the_new_one(old: str, new: str) -> None:
    assert modern_spelling(old) == new
    assert lower_words(f"Cấp phép {old}") == lower_words(f"Cấp phép {new}")


@pytest.mark.parametrize(
    "word", ["quý", "hoàng", "thuyết", "hoặc", "hoạch", "khuỷu", "thủy", "muà", "hoỳ"]
)
def test_a_mark_already_in_its_place_stays(word: str) -> None:
    assert modern_spelling(word) == word


def test_hoi_and_nga_confused_are_one_word_and_other_marks_are_not() -> None:
    assert same_but_hoi_nga("triễn", "triển")
    assert same_but_hoi_nga("sữa", "sửa")
    assert not same_but_hoi_nga("triển", "triển")
    assert not same_but_hoi_nga("chí", "phí")
    assert not same_but_hoi_nga("tỉnh", "tính")
    assert residuals(("triễn", "lãm"), ("triển", "lãm"), folded=False) == (set(), set())


def test_a_name_spelt_two_ways_is_one_procedure() -> None:
    assert named(
        "Cấp giấy phép hoạt động dự báo khí tượng thuỷ văn",
        "Cấp giấy phép hoạt động dự báo khí tượng thủy văn",
    ) == ["same"]
    assert named(
        "Cấp giấy phép tổ chức triễn lãm tranh cổ động",
        "Cấp giấy phép tổ chức triển lãm tranh cổ động",
    ) == ["same"]


def test_a_misspelt_word_does_not_hide_another_subject() -> None:
    assert (
        named(
            "Cấp giấy phép tổ chức triễn lãm mỹ thuật",
            "Cấp giấy phép tổ chức triển lãm nhiếp ảnh",
        )
        == []
    )


def test_asking_for_permission_is_being_granted_the_licence() -> None:
    assert lower_words("Xin phép tổ chức biểu diễn") == lower_words(
        "Cấp giấy phép tổ chức biểu diễn"
    )
    assert named(
        "Thủ tục xin phép tổ chức biểu diễn nghệ thuật",
        "Cấp giấy phép tổ chức biểu diễn nghệ thuật",
    ) == ["same"]


def test_issuing_the_registration_certificate_is_registering() -> None:
    assert lower_words("Cấp giấy chứng nhận đăng ký tàu cá") == lower_words("Đăng ký tàu cá")
    assert lower_words("Cấp giấy chứng nhận đăng ký tàu cá") != lower_words(
        "Cấp giấy chứng nhận tàu cá"
    )


def test_the_number_of_a_page_list_is_no_part_of_the_name() -> None:
    assert without_list_number("3/ Cấp, đổi, cấp lại giấy chứng nhận") == (
        "Cấp, đổi, cấp lại giấy chứng nhận"
    )
    assert without_list_number("77. Chỉnh sửa nội dung văn bằng") == "Chỉnh sửa nội dung văn bằng"
    assert without_list_number("3.000 m3 nước") == "3.000 m3 nước"


def test_a_list_of_acts_with_a_bare_exchange_holds_the_first_issue() -> None:
    assert named(
        "3/ Cấp, đổi, cấp lại giấy chứng nhận huấn luyện nghiệp vụ cứu nạn",
        "Cấp giấy chứng nhận huấn luyện nghiệp vụ cứu nạn",
    ) == ["part_of"]


def test_acts_listed_after_the_opening_are_listed_acts() -> None:
    opened = read_name("Thủ tục sửa đổi, bổ sung, gia hạn giấy phép dự báo thời tiết")
    bare = read_name("Gia hạn, sửa đổi, bổ sung giấy phép dự báo thời tiết")
    assert opened.listing
    # "bổ sung" is one act of the list in both, not the mark of a sibling.
    assert opened.actions == bare.actions == {"gia han"}


def test_an_abbreviated_certificate_and_a_question_are_their_words() -> None:
    assert lower_words("Cấp GCN kinh doanh") == lower_words("Cấp giấy chứng nhận kinh doanh")
    assert read_name("Thông báo sản phẩm quảng cáo thực hiện thế nào").core == (
        read_name("Thông báo sản phẩm quảng cáo").core
    )
    assert read_name("Quy trình sáp nhập hội").core == read_name("Sáp nhập hội").core


def test_a_renamed_paper_of_one_trade_is_one_procedure() -> None:
    assert residuals(("giấy", "chứng", "nhận", "phân"), ("giấy", "phép", "phân"), False) == (
        set(),
        set(),
    )
    assert residuals(("giấy", "chứng", "nhận", "phân"), ("phép", "phân"), False) == (set(), set())
    assert named(
        "Cấp giấy chứng nhận đủ điều kiện buôn bán phân bón",
        "Cấp giấy phép kinh doanh phân bón",
    ) == ["same"]
    # Another paper is another procedure.
    assert (
        named(
            "Cấp chứng chỉ hành nghề buôn bán phân bón",
            "Cấp giấy phép kinh doanh phân bón",
        )
        == []
    )


def test_ending_an_act_is_its_sibling() -> None:
    assert read_name("Đăng ký chấm dứt giám hộ").actions == {"cham dut"}
    assert named("Thủ tục đăng ký chấm dứt giám hộ", "Thủ tục đăng ký giám hộ") == []


def test_a_name_that_holds_the_other_whole_and_says_more_is_the_same_act() -> None:
    longer = "Cấp lại giấy phép sử dụng công cụ hỗ trợ tại Công an tỉnh, thành phố trực thuộc"
    shorter = "Cấp lại giấy phép sử dụng công cụ hỗ trợ"
    found = find_overlaps(
        [ProcedureText(ref="a", name=longer), ProcedureText(ref="b", name=shorter), *OTHERS]
    )
    assert [(f.left, f.right, f.kind) for f in found] == [("a", "b", "same")]
    # The name scores as the share of the longer subject the shorter one says, above the words
    # the two names share by their weight.
    # "tại Công an …" is where it is filed (:func:`subject_name` drops its capitalised words).
    extra = {"an", "trực"}
    held = held_subject(read_name(subject_name(longer)), read_name(shorter), extra, set())
    assert found[0].parts["name"] == pytest.approx(held)
    assert found[0].reasons[0] == (
        f"Cùng việc trên cùng đối tượng, tên «{longer}» nói chi tiết hơn tên «{shorter}»"
    )
    # Words of its own on each side: two subjects, whatever they share.
    assert (
        named(
            "Cấp lại giấy phép sử dụng công cụ hỗ trợ cho bảo vệ",
            "Cấp lại giấy phép sử dụng vũ khí thể thao cho bảo vệ",
        )
        == []
    )


def test_how_much_of_the_subject_one_name_holds() -> None:
    short, long = (
        read_name("Cấp giấy phép khai thác cát"),
        read_name("Cấp giấy phép khai thác cát sỏi"),
    )
    words = len(set(long.core))
    assert held_subject(long, short, {"sỏi"}, set()) == pytest.approx(
        HELD_SUBJECT * (1 - 1 / words)
    )
    assert held_subject(long, short, set(), set()) == 0.0
    assert held_subject(long, short, {"sỏi"}, {"đá"}) == 0.0
    # One word says too little of an act and its object to be held ("Karaoke").
    one = read_name("Karaoke")
    assert held_subject(read_name("Karaoke vũ hội"), one, {"vũ"}, set()) == 0.0
    # Two words are enough.
    two, four = read_name("Đăng ký tàu cá"), read_name("Đăng ký tàu cá tạm thời")
    assert held_subject(four, two, {"tạm", "thời"}, set()) == pytest.approx(HELD_SUBJECT / 2)


def test_a_guide_s_wording_around_the_name_says_neither_act_nor_object() -> None:
    answer = read_name("Giải đáp thủ tục xin thôi quốc tịch Việt Nam")
    steps = read_name("Các bước xin thôi quốc tịch Việt Nam mới nhất năm 2025")
    how = read_name("Cách xin thôi quốc tịch Việt Nam")
    official = read_name("Thủ tục thôi quốc tịch Việt Nam")
    assert answer.core == steps.core == how.core == official.core == ("quốc", "tịch")
    assert answer.actions == steps.actions == how.actions == {"thoi"}
    # Only a year is the year a guide was written: "hằng năm" says how often.
    assert read_name("Công nhận hộ nghèo định kỳ hằng năm").core[-1] == "năm"
    assert read_name("Công nhận hộ nghèo năm 2024").core == ("hộ", "nghèo")


def test_only_the_cach_that_opens_a_guide_is_the_guide_s() -> None:
    assert read_name("Hướng dẫn cách thức xin thôi quốc tịch Việt Nam").core == ("quốc", "tịch")
    assert read_name("Cach xin thoi quoc tich").core == read_name("Xin thoi quoc tich").core
    # Elsewhere it is a syllable of a word of the subject, and a name may open with such a word.
    assert "cách" in read_name("Đăng ký hành nghề luật sư với tư cách cá nhân").core
    assert "cách" in read_name("Xác nhận người hoạt động cách mạng").core
    assert read_name("Cách ly động vật nhập khẩu").core[:2] == ("cách", "ly")
    assert read_name("Cach ly dong vat nhap khau").core[:2] == ("cach", "ly")


def test_two_guides_on_one_procedure_are_that_procedure_and_not_its_sibling() -> None:
    how = "Cách đăng ký website thương mại điện tử"
    answer = "Giải đáp thủ tục đăng ký website thương mại điện tử năm 2024"
    # Without the guides' wording each says a word the other lacks: two subjects.
    assert named(how, answer) == ["same"]
    assert named("Các bước xin nhập quốc tịch Việt Nam", "Cách thôi quốc tịch Việt Nam") == []
