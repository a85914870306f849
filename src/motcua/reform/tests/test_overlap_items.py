"""What a page publishes beside a name, compared as sets of items: papers that alone say one
procedure under two names when no steps can be compared, and what the finding then says is
missing. Every example is invented."""

from motcua.reform.overlap import ProcedureText, find_overlaps
from motcua.reform.overlap_items import papers_alone
from motcua.reform.tests.test_overlap_wording import MORE

#: Four papers of one (invented) registration of a ranked guesthouse.
PAPERS = (
    "Đơn đề nghị xếp hạng nhà nghỉ du lịch theo mẫu",
    "Danh sách người quản lý và nhân viên của nhà nghỉ",
    "Bản sao văn bằng nghiệp vụ lưu trú của người quản lý",
    "Bản tự đánh giá chất lượng nhà nghỉ theo tiêu chuẩn quốc gia",
)
MATCHED = [(p, p, 1.0) for p in PAPERS[:3]]


def test_papers_alone_need_several_of_them_most_of_the_list_and_no_steps_to_compare() -> None:
    assert papers_alone(MATCHED, 0.75, steps_compared=False)
    # Steps on both sides have their own say (the override on papers and steps together).
    assert not papers_alone(MATCHED, 0.75, steps_compared=True)
    assert not papers_alone(MATCHED[:2], 1.0, steps_compared=False)
    assert not papers_alone(MATCHED, 0.45, steps_compared=False)


def _findings(left: ProcedureText, right: ProcedureText) -> list[tuple[str, str, str]]:
    return [(f.left, f.right, f.kind) for f in find_overlaps([left, right, *MORE])]


def test_two_names_of_one_procedure_with_the_same_papers_and_no_steps_are_one() -> None:
    # given two pages naming different subjects ("nhà nghỉ du lịch" / "cơ sở lưu trú") with
    # the same four papers, one without steps
    left = ProcedureText(ref="a", name="Xếp hạng nhà nghỉ du lịch", documents=PAPERS)
    right = ProcedureText(
        ref="b",
        name="Xếp hạng cơ sở lưu trú",
        documents=PAPERS,
        steps=("Nộp hồ sơ tại Sở Du lịch", "Sở Du lịch thẩm định và xếp hạng"),
    )
    # when
    findings = find_overlaps([left, right, *MORE])
    # then the papers alone make the finding, and it says what could not be compared
    assert [(f.left, f.right, f.kind) for f in findings] == [("a", "b", "renamed")]
    finding = findings[0]
    assert (
        "Tên nêu đối tượng khác nhau nhưng thành phần hồ sơ trùng nhau; không có trình tự thực "
        "hiện của cả hai để đối chiếu"
    ) in finding.reasons
    assert (
        "Thiếu dữ liệu về căn cứ pháp lý, trình tự thực hiện của «Xếp hạng nhà nghỉ du lịch»"
        in (finding.missing)
    )
    # Two of the four papers are not enough.
    fewer = ProcedureText(ref="b", name="Xếp hạng cơ sở lưu trú", documents=PAPERS[:2])
    assert _findings(left, fewer) == []


def test_another_act_in_one_name_is_a_sibling_unless_the_papers_say_it_is_one_procedure() -> None:
    ranked = ProcedureText(ref="a", name="Công nhận hạng nhà nghỉ du lịch", documents=PAPERS)
    registered = ProcedureText(ref="b", name="Đăng ký hạng nhà nghỉ du lịch", documents=PAPERS)
    findings = find_overlaps([ranked, registered, *MORE])
    assert [(f.left, f.right) for f in findings] == [("a", "b")]
    assert findings[0].reasons[0] == (
        "Tên nêu việc khác nhau («Công nhận hạng nhà nghỉ du lịch», «Đăng ký hạng nhà nghỉ du "
        "lịch») nhưng thành phần hồ sơ trùng nhau; không có trình tự thực hiện của cả hai để "
        "đối chiếu"
    )
    # Without papers, or with steps on both sides, "công nhận" keeps them siblings.
    bare = [ProcedureText(ref=p.ref, name=p.name) for p in (ranked, registered)]
    assert _findings(*bare) == []
    steps = ("Nộp hồ sơ", "Thẩm định tại cơ sở", "Ra quyết định")
    with_steps = [
        ProcedureText(ref=p.ref, name=p.name, documents=PAPERS, steps=steps)
        for p in (ranked, registered)
    ]
    assert _findings(*with_steps) == []
