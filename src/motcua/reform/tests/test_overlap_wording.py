"""Overlap detection reads administrative wording, not only words: synonyms, the kinds of
qualifiers, whom a procedure is for, the acts of a list, the levels an award or a name says, and
laws cited by name or by number. Every example is invented."""

import pytest

from motcua.reform.overlap import ProcedureText, find_overlaps
from motcua.reform.overlap_legal import LegalRef, law_numbers, legal_refs
from motcua.reform.overlap_text import (
    for_anyone,
    lower_words,
    name_levels,
    name_residuals,
    qualifiers,
    read_name,
)

#: Words weigh by their rarity, so every corpus holds more than the pair under test.
OTHERS = [
    ProcedureText(ref="y", name="Cấp giấy phép xây dựng nhà ở riêng lẻ"),
    ProcedureText(ref="z", name="Đăng ký khai thác nước dưới đất"),
    ProcedureText(ref="w", name="Thẩm định báo cáo đánh giá tác động môi trường"),
]


def found(*procedures: ProcedureText) -> list[tuple[str, str, str]]:
    return [(f.left, f.right, f.kind) for f in find_overlaps([*procedures, *OTHERS])]


def named(left: str, right: str) -> list[tuple[str, str, str]]:
    return found(ProcedureText(ref="a", name=left), ProcedureText(ref="b", name=right))


def test_two_wordings_of_one_thing_are_read_as_one() -> None:
    assert lower_words("Cấp phép hoạt động bến thủy") == lower_words(
        "Cấp giấy phép hoạt động bến thủy"
    )
    assert lower_words("Ghi vào sổ hộ tịch việc nhận con nuôi") == lower_words(
        "Ghi chú việc nhận con nuôi"
    )
    assert lower_words("Cap phep hoat dong") == ["cap", "giay", "phep", "hoat", "dong"]
    assert named("Cấp phép hoạt động bến thủy nội địa", "Cấp giấy phép hoạt động bến thủy nội địa")
    # Registering for the first time is "đăng ký thành lập" or just "đăng ký"; a change of what
    # was registered is another procedure.
    assert named("Đăng ký thành lập tổ hợp tác", "Đăng ký tổ hợp tác") == [("a", "b", "same")]
    assert named("Đăng ký thành lập tổ hợp tác", "Thay đổi nội dung đăng ký tổ hợp tác") == []
    # Awarding a title is "tặng", "tặng thưởng", "xét tặng" or "công nhận" it.
    assert named(
        "Công nhận danh hiệu Gia đình văn hóa tiêu biểu",
        "Tặng danh hiệu Gia đình văn hóa tiêu biểu",
    ) == [("a", "b", "same")]


def test_without_the_foreign_qualifier_a_name_is_the_domestic_procedure() -> None:
    domestic = "Đăng ký nhận cha, mẹ, con không có yếu tố nước ngoài"
    assert qualifiers(domestic) == frozenset()
    assert named(domestic, "Thủ tục đăng ký nhận cha, mẹ, con") == [("a", "b", "same")]
    assert named(domestic, "Đăng ký nhận cha, mẹ, con có yếu tố nước ngoài") == []


def test_qualifiers_compare_by_their_kind() -> None:
    # Nghị định 20/2021 renamed emergency help "khẩn cấp"; an award is yearly or "theo đợt,
    # chuyên đề".
    assert qualifiers("Trợ giúp đột xuất về nhà ở") == qualifiers("Trợ giúp khẩn cấp về nhà ở")
    assert qualifiers("Tặng Bằng khen theo đợt") == {"theo đợt"}
    assert named(
        "Trợ giúp xã hội đột xuất về hỗ trợ làm nhà ở",
        "Trợ giúp xã hội khẩn cấp về hỗ trợ làm nhà ở",
    ) == [("a", "b", "same")]
    assert named("Tặng Kỷ niệm chương của tỉnh theo đợt", "Tặng Kỷ niệm chương của tỉnh") == []
    assert named(
        "Tặng Kỷ niệm chương của tỉnh theo chuyên đề", "Tặng Kỷ niệm chương theo đợt hoặc chuyên đề"
    ) == [("a", "b", "same")]


def test_a_word_typed_without_its_marks_is_that_word() -> None:
    assert named("Cấp bản sao trích lục nhận con nuôi", "Cấp bản sao trich lục nhận con nuôi") == [
        ("a", "b", "same")
    ]


def test_the_same_words_parted_between_subject_and_audience_another_way_are_one_name() -> None:
    # One page says what is registered before "đối với", the other after it.
    assert named(
        "Đăng ký lần đầu đối với xe đang khai thác trên tuyến nội tỉnh",
        "Cấp giấy chứng nhận đăng ký xe nội tỉnh lần đầu đối với xe đang khai thác",
    ) == [("a", "b", "same")]
    # Each still saying a word of its own: two procedures.
    assert (
        named(
            "Đăng ký lần đầu đối với xe đang khai thác trên tuyến nội tỉnh",
            "Đăng ký xe liên tỉnh lần đầu đối với xe đang khai thác",
        )
        == []
    )


def test_whom_a_procedure_is_for_counts_when_both_say_it_or_it_is_someone_in_particular() -> None:
    def residual(left: str, right: str) -> tuple[set[str], set[str]]:
        return name_residuals(read_name(left), read_name(right), False)

    reading = read_name("Cấp thẻ hội viên cho cá nhân, tổ chức (bản điện tử)")
    assert reading.core == ("thẻ", "hội", "viên")
    assert reading.aside == ("cá", "nhân", "tổ", "chức")
    assert reading.head == "Cấp thẻ hội viên"
    # "cho phép" is an act, "đối với các trường hợp …" a case: neither says whom.
    assert read_name("Cấp giấy cho phép nuôi chim yến").aside == ()
    assert read_name("Cấp lại thẻ đối với các trường hợp bị mất").aside == ()
    # Anyone who files is what a name without an audience means.
    assert residual("Cấp thẻ hội viên cho cá nhân, tổ chức", "Cấp thẻ hội viên") == (set(), set())
    # Two audiences, two procedures.
    assert residual("Cấp thẻ hội viên cho hợp tác xã", "Cấp thẻ hội viên cho doanh nghiệp") == (
        {"tác"},  # "hợp" is read as in "trường hợp"
        {"doanh", "nghiệp"},
    )
    # Said inline by the other name, the audience is the same.
    assert residual(
        "Hưởng trợ cấp đối với người cao tuổi neo đơn", "Giải quyết trợ cấp người cao tuổi"
    ) == ({"hưởng"}, set())
    # One audience against another subject: both differences count.
    assert residual(
        "Hỗ trợ kinh phí học nghề đối với quân nhân xuất ngũ",
        "Hỗ trợ kinh phí học nghề lao động nông thôn",
    ) == ({"quân", "nhân", "xuất", "ngũ"}, {"lao", "động", "nông", "thôn"})


#: More procedures, so that a paper two of them share is not one most procedures have.
MORE = [
    *OTHERS,
    ProcedureText(ref="v", name="Cấp chứng chỉ hành nghề dược"),
    ProcedureText(ref="u", name="Công nhận làng nghề truyền thống"),
    ProcedureText(ref="t", name="Cho phép thành lập trung tâm ngoại ngữ"),
]


def test_with_a_shared_paper_a_name_compares_without_its_audience() -> None:
    paper = ("Tờ khai yêu cầu cấp thẻ hội viên theo mẫu",)
    long_name = ProcedureText(
        ref="a",
        name="Cấp thẻ hội viên hội nghề nghiệp cho công dân Việt Nam đang cư trú tại Việt Nam",
        documents=(*paper, "Ảnh chân dung"),
    )
    short_name = ProcedureText(
        ref="b", name="Cấp thẻ hội viên hội nghề nghiệp", documents=(*paper, "Bản sao văn bằng")
    )
    [finding] = find_overlaps([long_name, short_name, *MORE])
    assert finding.parts["name"] == pytest.approx(1.0)
    # Without anything in common, the full names are compared (where it is filed, "tại Việt
    # Nam", is no part of either).
    bare = [ProcedureText(ref=p.ref, name=p.name) for p in (long_name, short_name)]
    [weak] = find_overlaps([*bare, *MORE])
    assert weak.parts["name"] < 0.6
    # A particular audience stays in the comparison, shared paper or not.
    foreigners = ProcedureText(
        ref="a",
        name="Cấp thẻ hội viên hội nghề nghiệp cho người nước ngoài",
        documents=long_name.documents,
    )
    [kept] = find_overlaps([foreigners, short_name, *MORE])
    assert kept.parts["name"] < 0.9


def test_foreigners_are_anyone_only_with_the_citizens() -> None:
    assert for_anyone(
        read_name("Cấp thẻ cho công dân Việt Nam, người nước ngoài cư trú ở Việt Nam")
    )
    assert for_anyone(read_name("Cấp thẻ cho cá nhân, tổ chức"))
    assert not for_anyone(read_name("Cấp thẻ cho người nước ngoài"))
    assert not for_anyone(read_name("Cấp thẻ cho hợp tác xã"))
    assert not for_anyone(read_name("Cấp thẻ"))


def test_levels_said_by_names_and_award_titles_part_procedures() -> None:
    assert name_levels("Tặng danh hiệu Chiến sĩ thi đua cơ sở") == {"co so"}
    assert name_levels("Xét tặng danh hiệu Chiến sĩ thi đua toàn quốc") == {"toan quoc"}
    assert (
        named("Tặng danh hiệu Lao động giỏi (cấp xã)", "Tặng danh hiệu Lao động giỏi (cấp huyện)")
        == []
    )
    assert (
        named("Tặng danh hiệu Chiến sĩ thi đua cơ sở", "Tặng danh hiệu Chiến sĩ thi đua cấp tỉnh")
        == []
    )
    # One level named on both sides among others: they still share it.
    assert named(
        "Tặng danh hiệu Chiến sĩ thi đua cơ sở (cấp huyện)", "Tặng danh hiệu Chiến sĩ thi đua cơ sở"
    ) == [("a", "b", "same")]


def test_a_combined_procedure_of_another_level_has_no_part_here() -> None:
    combined = ProcedureText(
        ref="a",
        name="Nhóm thủ tục cấp phép hoạt động bến thủy thuộc thẩm quyền của cấp tỉnh bao gồm: "
        "cấp giấy phép an toàn - cấp giấy phép hoạt động bến thủy",
        levels=("Cấp tỉnh",),
    )
    district = ProcedureText(
        ref="b", name="Cấp giấy phép hoạt động bến thủy (cấp huyện)", levels=("Cấp huyện",)
    )
    province = ProcedureText(ref="c", name="Cấp giấy phép hoạt động bến thủy", levels=("Cấp tỉnh",))
    assert found(combined, district) == []
    assert found(combined, province) == [("a", "c", "part_of")]


def test_each_act_of_a_list_on_one_subject_is_a_part_of_it() -> None:
    listing = ProcedureText(ref="a", name="Thay đổi, cải chính, bổ sung thông tin hồ sơ con nuôi")
    part = ProcedureText(
        ref="b", name="Cải chính thông tin hồ sơ con nuôi (cho người đã thành niên)"
    )
    assert read_name(listing.name).listing
    [finding] = find_overlaps([listing, part, *OTHERS])
    assert (finding.left, finding.right, finding.kind) == ("a", "b", "part_of")
    assert finding.reasons[0] == (
        "«Cải chính thông tin hồ sơ con nuôi (cho người đã thành niên)» là một việc của thủ tục "
        "«Thay đổi, cải chính, bổ sung thông tin hồ sơ con nuôi»"
    )
    # Another subject that shares a verb is no act of the list.
    other = ProcedureText(ref="c", name="Thay đổi người giám hộ con nuôi")
    assert found(listing, other) == []
    # An act whose action the part lacks holds no part: "xóa đăng ký thường trú" is not
    # "đăng ký thường trú".
    combined = ProcedureText(ref="d", name="Đăng ký khai tử, xóa đăng ký thường trú, cấp thẻ")
    assert found(combined, ProcedureText(ref="e", name="Đăng ký thường trú")) == []
    # Two names of one list are one procedure, not a part of each other.
    fuller = ProcedureText(ref="f", name="Thay đổi, cải chính, bổ sung hồ sơ con nuôi")
    assert [kind for _a, _b, kind in found(listing, fuller)] == ["same"]


def test_a_law_cited_by_name_is_the_law_cited_by_number() -> None:
    numbers = law_numbers(
        [
            "Luật Nuôi con nuôi số 52/2010/QH12",
            "Nghị định 19/2011/NĐ-CP",
            # A name given two numbers (the law was replaced) says nothing.
            "Luật Đê điều 79/2006/QH11",
            "Luật Đê điều 60/2020/QH14",
        ]
    )
    assert numbers == {"luat nuoi con nuoi": "52/2010/QH12"}
    assert legal_refs(["Điều 5 Luật Nuôi con nuôi năm 2010", "Luật Đê điều"], numbers) == [
        LegalRef(key="52/2010/qh12", display="Luật Nuôi con nuôi (52/2010/QH12)", article="5"),
        LegalRef(key="luat de dieu", display="Luật Đê điều"),
    ]
    by_name = ProcedureText(
        ref="a", name="Đăng ký nuôi con nuôi trong nước", legal_basis=("Điều 5 Luật Nuôi con nuôi",)
    )
    by_number = ProcedureText(
        ref="b",
        name="Thủ tục đăng ký việc nuôi con nuôi",
        legal_basis=("Luật Nuôi con nuôi 52/2010/QH12",),
    )
    [finding] = find_overlaps([by_name, by_number, *OTHERS])
    assert finding.shared_legal == ["Luật Nuôi con nuôi (52/2010/QH12)"]


def test_the_old_name_of_a_licence_is_the_new_one() -> None:
    # "Giấy phép đủ điều kiện kinh doanh dịch vụ …" is what "giấy phép kinh doanh …" became.
    assert named(
        "Cấp giấy phép đủ điều kiện kinh doanh dịch vụ lữ hành nội địa",
        "Cấp giấy phép kinh doanh lữ hành nội địa",
    ) == [("a", "b", "same")]


def test_how_a_page_introduces_a_procedure_is_no_part_of_its_name() -> None:
    assert read_name("Trình tự, thủ tục, hồ sơ đề nghị công nhận làng nghề").core == (
        "làng",
        "nghề",
    )
    assert read_name("Hướng dẫn trình tự, thủ tục cấp thẻ hội viên").core == ("thẻ", "hội", "viên")


def test_a_guide_s_wording_and_the_country_are_no_subject() -> None:
    assert named(
        "Thẻ tạm trú là gì? Hướng dẫn chi tiết thủ tục cấp thẻ tạm trú (cập nhật)",
        "Cấp thẻ tạm trú",
    )
    assert named("Thủ tục nhập quốc tịch Việt Nam", "Nhập quốc tịch")
    assert read_name("Thủ tục nhập quốc tịch Việt Nam").core == ("nhập", "quốc", "tịch")
    # Abroad is still read as abroad.
    assert read_name("Cấp hộ chiếu cho người Việt Nam ở nước ngoài").aside == (
        "người",
        "ở",
        "nước",
        "ngoài",
    )
