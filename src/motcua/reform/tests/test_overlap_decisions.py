"""A decision that announces procedures, its pages and its procedures. Every example is invented."""

from motcua.reform.overlap import ProcedureText, find_overlaps
from motcua.reform.overlap_decisions import (
    announces,
    decision_key,
    decision_relation,
    one_decision,
    replaced_list,
)

TITLE = "Sở Văn hóa tỉnh Bến Mây công bố 7 thủ tục hành chính nội bộ"
LONG_TITLE = (
    "Quyết định về việc công bố danh mục thủ tục hành chính mới ban hành trong lĩnh vực di sản "
    "thuộc phạm vi chức năng quản lý của Sở Văn hóa tỉnh Bến Mây"
)
PROCEDURE = "Thủ tục xếp hạng di tích cấp tỉnh"
SIBLING = "Thủ tục điều chỉnh khu vực bảo vệ di tích cấp tỉnh"


def test_a_decision_is_read_for_its_number_and_year() -> None:
    assert decision_key("Quyết định số 41/QĐ-UBND ngày 03/02/2021 của Chủ tịch UBND tỉnh") == (
        "41/qđ-ubnd",
        "2021",
    )
    assert decision_key("Quyết định 7/2019/QĐ-UBND") == ("7/qđ-ubnd", "2019")
    assert decision_key("Quyết định 58/QĐ-BXD") == ("58/qđ-bxd", "")
    # A date is not a decision's number.
    assert decision_key("Quyết định ngày 04/11/2019 của Ủy ban nhân dân tỉnh") is None


def test_one_number_in_two_years_is_two_decisions() -> None:
    assert one_decision("Quyết định 41/QĐ-UBND năm 2021", "41/QĐ-UBND ngày 3/2/2021")
    assert one_decision("Quyết định 41/QĐ-UBND", "Quyết định 41/QĐ-UBND ngày 3/2/2021")
    assert not one_decision("Quyết định 41/QĐ-UBND năm 2021", "Quyết định 41/QĐ-UBND năm 2019")
    assert not one_decision("Quyết định 41/QĐ-UBND", "Quyết định 41/QĐ-BXD")


def test_a_title_that_announces_procedures_is_told_from_a_procedure() -> None:
    assert announces(TITLE)
    assert announces(LONG_TITLE)
    assert announces("Phê duyệt quy trình nội bộ giải quyết thủ tục hành chính của Sở Y tế")
    assert not announces(PROCEDURE)
    # Announcing is the act of some procedures: what they announce is not procedures.
    assert not announces("Công bố lại hoạt động cảng cá")
    assert not announces("Thủ tục phê duyệt quy hoạch tượng đài cấp tỉnh")


def test_a_decision_holds_the_procedures_it_announces() -> None:
    decision = "Quyết định 41/QĐ-UBND ngày 03/02/2021"
    assert decision_relation(TITLE, decision, PROCEDURE, "41/QĐ-UBND") == "part_of-right"
    assert decision_relation(PROCEDURE, "41/QĐ-UBND", TITLE, decision) == "part_of-left"
    assert decision_relation(TITLE, decision, LONG_TITLE, decision) == "same"
    # Siblings of one decision stay for the names to compare.
    assert decision_relation(PROCEDURE, decision, SIBLING, decision) is None
    assert decision_relation(TITLE, decision, PROCEDURE, "Quyết định 42/QĐ-UBND") is None


def _between(left_decision: str, left_agency: str, right_agency: str) -> str | None:
    """The relation of the title of a decision and one procedure that gives decision 41."""
    return decision_relation(
        TITLE,
        left_decision,
        PROCEDURE,
        "Quyết định 41/QĐ-UBND ngày 03/02/2021",
        left_agency=left_agency,
        right_agency=right_agency,
    )


def test_one_number_of_two_provinces_is_two_decisions() -> None:
    decision = "Quyết định 41/QĐ-UBND ngày 03/02/2021"
    # Both provinces number their decisions alike; the agency or the decision tells them apart.
    assert _between(decision, "UBND tỉnh Bến Mây", "Ủy ban nhân dân tỉnh Sông Lam") is None
    issued = f"{decision} của Chủ tịch UBND tỉnh Bến Mây"
    assert _between(issued, "", "Sở Văn hóa tỉnh Sông Lam") is None
    # One province on both sides, or a side that does not say: one decision.
    assert _between(decision, "UBND tỉnh Bến Mây", "Sở Văn hóa tỉnh Bến Mây") == "part_of-right"
    assert _between(decision, "UBND tỉnh Bến Mây", "") == "part_of-right"


def test_detection_finds_a_decision_and_its_procedure_whatever_their_names_share() -> None:
    procedures = [
        ProcedureText(ref="title", name=TITLE, decision="Quyết định 41/QĐ-UBND năm 2021"),
        ProcedureText(ref="page", name=LONG_TITLE, decision="41/QĐ-UBND ngày 03/02/2021"),
        ProcedureText(ref="one", name=PROCEDURE, decision="Quyết định 41/QĐ-UBND"),
        ProcedureText(ref="other-year", name=SIBLING, decision="Quyết định 41/QĐ-UBND năm 2019"),
    ]
    found = {frozenset((f.left, f.right)): f for f in find_overlaps(procedures)}
    assert found[frozenset(("title", "page"))].kind == "same"
    assert found[frozenset(("title", "one"))].kind == "part_of"
    assert "41/QĐ-UBND" in found[frozenset(("title", "one"))].reasons[-1]
    assert frozenset(("title", "other-year")) not in found
    assert frozenset(("page", "other-year")) not in found


LIST_2016 = "Quyết định về việc công bố danh mục thủ tục hành chính thuộc thẩm quyền của Sở Y tế"
LIST_2020 = (
    "Quyết định 9/QĐ-UBND công bố danh mục thủ tục hành chính theo cơ chế một cửa thuộc thẩm "
    "quyền giải quyết của Sở Y tế"
)
CHANGE = "Quyết định 3/QĐ-UBND công bố thủ tục hành chính mới ban hành lĩnh vực dược của Sở Y tế"
OTHER_CHANGE = "Quyết định 5/QĐ-UBND công bố thủ tục hành chính sửa đổi, bổ sung của Sở Y tế"
PROVINCE = "Chủ tịch Ủy ban nhân dân tỉnh Bến Mây"


def test_a_department_s_whole_list_replaces_its_earlier_list_of_one_province() -> None:
    assert replaced_list(LIST_2016, PROVINCE, LIST_2020, "UBND tỉnh Bến Mây")
    # The whole list replaces the change it was made by.
    assert replaced_list(CHANGE, PROVINCE, LIST_2020, PROVINCE)
    # Two changes change two parts of a list.
    assert not replaced_list(CHANGE, PROVINCE, OTHER_CHANGE, PROVINCE)
    # Another province's list, or another department's, is another list.
    assert not replaced_list(LIST_2016, PROVINCE, LIST_2020, "UBND tỉnh Đồi Xa")
    assert not replaced_list(LIST_2016, PROVINCE, LIST_2020.replace("Y tế", "Tư pháp"), PROVINCE)
    # Processes approved for the department are not its list of procedures.
    processes = "Phê duyệt quy trình nội bộ giải quyết thủ tục hành chính của Sở Y tế"
    assert not replaced_list(LIST_2016, PROVINCE, processes, PROVINCE)


def test_detection_finds_a_list_published_again() -> None:
    procedures = [
        ProcedureText(ref="old", name=LIST_2016, agency=PROVINCE, decision="Quyết định 7/QĐ-UBND"),
        ProcedureText(ref="new", name=LIST_2020, agency=PROVINCE, decision="Quyết định 9/QĐ-UBND"),
        ProcedureText(ref="a", name=CHANGE, agency=PROVINCE, decision="3/QĐ-UBND"),
        ProcedureText(ref="b", name=OTHER_CHANGE, agency=PROVINCE, decision="5/QĐ-UBND"),
    ]
    found = {frozenset((f.left, f.right)): f for f in find_overlaps(procedures)}
    assert found[frozenset(("old", "new"))].kind == "renamed"
    assert frozenset(("a", "b")) not in found
