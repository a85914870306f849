"""Overlap detection compares what a name says the procedure is, not where it runs, which law it
quotes or who decides it; reads the siblings "bổ sung" and the alternatives "… hoặc …"; and
matches a paper named briefly on one page and described at length on another. Every example is
invented."""

from motcua.reform.overlap import ProcedureText, find_overlaps
from motcua.reform.overlap_subject import subject_name
from motcua.reform.overlap_text import lower_words, read_name
from motcua.reform.tests.test_overlap_wording import OTHERS, found, named


def test_the_place_a_name_ends_with_is_not_its_subject() -> None:
    assert subject_name("Cấp phép khai thác cát tỉnh Hòa Sơn") == "Cấp phép khai thác cát"
    assert subject_name("Cấp phép khai thác cát trên địa bàn thành phố Bến Mây") == (
        "Cấp phép khai thác cát"
    )
    # Without a capitalised name after it, "xã" is a word of the subject ("hợp tác xã").
    assert subject_name("Đăng ký hợp tác xã nông nghiệp") == "Đăng ký hợp tác xã nông nghiệp"
    assert named("Cấp phép khai thác cát tỉnh Hòa Sơn", "Cấp phép khai thác cát tỉnh Lạc Thủy")


def test_the_law_a_name_quotes_is_read_from_the_legal_basis_not_the_name() -> None:
    assert subject_name(
        "Tiếp nhận thông báo mở lớp dạy võ không thuộc quy định tại khoản 3 Điều 9 Nghị định số "
        "11/2001/NĐ-CP"
    ) == ("Tiếp nhận thông báo mở lớp dạy võ")
    assert subject_name("Cấp phép mở lớp dạy võ theo Nghị định số 12/2019/NĐ-CP") == (
        "Cấp phép mở lớp dạy võ"
    )
    # A name that is only its law is kept whole.
    assert subject_name("Nghị định số 12/2019/NĐ-CP") == "Nghị định số 12/2019/NĐ-CP"


def test_the_deciding_authority_is_left_out_when_the_name_says_more() -> None:
    assert subject_name(
        "Quy trình nội bộ giải quyết thủ tục hành chính lĩnh vực thủy sản thuộc thẩm quyền của Sở "
        "Nông nghiệp tỉnh Hòa Sơn"
    ) == ("Quy trình nội bộ giải quyết thủ tục hành chính lĩnh vực thủy sản")
    # "Quy trình nội bộ … thuộc phạm vi của Sở X" is named by its authority alone: kept.
    generic = "Quy trình nội bộ giải quyết thủ tục hành chính thuộc phạm vi quản lý của Sở Xây dựng"
    assert "Sở Xây dựng" in subject_name(generic)
    # The parts a combined procedure lists after its authority stay.
    combined = subject_name(
        "Nhóm thủ tục cấp giấy phép mở lớp dạy võ thuộc thẩm quyền của cấp tỉnh bao gồm: cấp "
        "giấy chứng nhận an toàn - cấp giấy phép mở lớp"
    )
    assert combined.startswith("Nhóm thủ tục cấp giấy phép mở lớp dạy võ bao gồm: cấp giấy")


def test_two_provinces_internal_procedures_of_one_field_overlap_and_two_fields_do_not() -> None:
    def internal(ref: str, field: str, province: str) -> ProcedureText:
        name = (
            f"Quy trình nội bộ giải quyết thủ tục hành chính lĩnh vực {field} thuộc thẩm quyền "
            f"giải quyết của Sở Nông nghiệp, UBND cấp huyện tỉnh {province}"
        )
        return ProcedureText(ref=ref, name=name, internal=True)

    assert found(internal("a", "thủy sản", "Hòa Sơn"), internal("b", "thủy sản", "Lạc Thủy"))
    assert not found(internal("a", "thủy sản", "Hòa Sơn"), internal("b", "lâm nghiệp", "Lạc Thủy"))


def test_how_the_applicant_asks_and_how_the_agency_receives_are_no_part_of_the_subject() -> None:
    assert read_name("Thủ tục xin cấp giấy phép mở lớp dạy võ").core == (
        read_name("Cấp giấy phép mở lớp dạy võ").core
    )
    assert read_name("Tiếp nhận thông báo mở lớp dạy võ").core == (
        read_name("Thông báo mở lớp dạy võ").core
    )


def test_a_supplementary_registration_is_a_sibling_of_the_registration() -> None:
    assert not named("Đăng ký bổ sung hoạt động câu lạc bộ võ", "Đăng ký hoạt động câu lạc bộ võ")
    # In a list of acts, "bổ sung" is one of the list's acts, not a sibling's mark.
    listing = read_name("Thay đổi, cải chính, bổ sung thông tin võ sinh")
    assert listing.listing
    assert not listing.actions


def test_two_alternatives_that_repeat_the_subject_are_a_combined_procedure() -> None:
    combined = "Đăng ký hoạt động câu lạc bộ võ hằng năm hoặc hoạt động câu lạc bộ võ bổ sung"
    assert read_name(combined).combined
    assert named(combined, "Đăng ký hoạt động câu lạc bộ võ") == [("a", "b", "part_of")]
    assert named(combined, "Đăng ký bổ sung hoạt động câu lạc bộ võ") == [("a", "b", "part_of")]
    # Two audiences of one help are one procedure.
    assert not read_name("Hỗ trợ thân nhân hoặc người chăm sóc võ sư đi dự giải đấu").combined


def test_a_name_that_opens_with_exchanging_a_paper_is_its_exchange() -> None:
    assert lower_words("Đổi thẻ võ sư") == lower_words("Cấp đổi thẻ võ sư")
    assert lower_words("Thủ tục đổi thẻ võ sư") == lower_words("Thủ tục cấp đổi thẻ võ sư")
    assert lower_words("Doi the vo su") == lower_words("Cap doi the vo su")
    assert lower_words("Đổi tên câu lạc bộ võ") == ["đổi", "tên", "câu", "lạc", "bộ", "võ"]
    assert named("Đổi thẻ võ sư quốc gia", "Cấp đổi thẻ võ sư quốc gia")
    assert not named("Đổi thẻ võ sư quốc gia", "Cấp lại thẻ võ sư quốc gia")


def test_a_paper_named_briefly_matches_the_paper_described_at_length() -> None:
    steps = ("Nộp văn bản tại Ủy ban nhân dân cấp xã",)
    brief = ProcedureText(
        ref="a",
        name="Thông báo mở lớp dạy võ định kỳ",
        steps=steps,
        documents=("Văn bản thông báo mở lớp dạy võ",),
    )
    long = ProcedureText(
        ref="b",
        name="Thông báo mở lớp dạy võ",
        steps=steps,
        documents=(
            "Văn bản thông báo về việc mở lớp dạy võ nêu rõ thời gian, địa điểm, võ sư phụ "
            "trách, số võ sinh và danh sách ban huấn luyện của lớp dạy võ",
        ),
    )
    [finding] = find_overlaps([brief, long, *OTHERS])
    assert finding.matched_documents


def test_where_a_guide_s_reader_files_is_not_the_subject() -> None:
    assert subject_name("Thủ tục cấp giấy phép tư vấn du học tại Hồ Chí Minh") == (
        "Thủ tục cấp giấy phép tư vấn du học"
    )
    # "tại" before a lower-case word is part of the subject ("tại chỗ").
    assert subject_name("Cấp phép kiểm tra tại chỗ") == "Cấp phép kiểm tra tại chỗ"
