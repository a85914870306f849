"""Overlap detection: text handling, the evidence, and its precision and recall on a labelled set.

The labelled set is the demo catalogue (13 public procedures plus the mined one), the demo
register of two departments, and the procedures below: more deliberate overlaps across agencies
(written differently: other word order, no diacritics, other step names) and near misses that
share words but not purpose. Every pair not listed in ``EXPECTED`` is labelled "not overlap".
"""

import json
from typing import Any

import pytest
from django.utils import timezone

from motcua.reform.overlap import ProcedureText, find_overlaps, precision_recall
from motcua.reform.overlap_items import cosine
from motcua.reform.overlap_legal import legal_refs
from motcua.reform.permissions import ReformScope
from motcua.reform.selectors import overlap_texts
from motcua.reform.services import internal_procedures_import
from motcua_dev.demo import accounts as accounts_demo
from motcua_dev.demo import calendar as calendar_demo
from motcua_dev.demo import catalog as catalog_demo
from motcua_dev.demo.reform_data import REGISTER, REGISTER_OVERLAPS

HOME = ("000.00.13.H26", "Sở Nội vụ Thành phố Hà Nội")

EXTRA = [
    ProcedureText(
        ref="internal:NB-SNV-01",
        name="Bao cao dinh ky ket qua kiem soat thu tuc hanh chinh",  # typed without diacritics
        agency=HOME[1],
        legal_basis=("63/2010/ND-CP",),
        steps=(
            "Tong hop so lieu kiem soat thu tuc hanh chinh",
            "Du thao bao cao",
            "Gui bao cao ve Van phong UBND Thanh pho",
        ),
        documents=("Báo cáo tình hình, kết quả thực hiện kiểm soát thủ tục hành chính",),
    ),
    ProcedureText(
        ref="internal:NB-SNV-02",
        name="Thẩm định hồ sơ đề nghị khen thưởng cấp Thành phố",
        agency=HOME[1],
        legal_basis=("06/2022/QH15 Luật Thi đua, khen thưởng",),
        steps=(
            "Tiếp nhận hồ sơ đề nghị khen thưởng",
            "Thẩm định thành tích",
            "Trình Hội đồng Thi đua - Khen thưởng",
        ),
        documents=("Tờ trình đề nghị khen thưởng", "Báo cáo thành tích của tập thể, cá nhân"),
    ),
    ProcedureText(
        ref="internal:NB-QH-01",
        name="Xét khen thưởng thành tích cho tập thể, cá nhân thuộc quận",
        agency="UBND Phường Ba Đình",
        legal_basis=("06/2022/QH15 Luật Thi đua, khen thưởng",),
        steps=(
            "Tiếp nhận hồ sơ đề nghị khen thưởng",
            "Thẩm định thành tích của tập thể, cá nhân",
            "Trình Chủ tịch ký quyết định khen thưởng",
        ),
        documents=("Tờ trình đề nghị khen thưởng", "Báo cáo thành tích"),
    ),
    # Near misses: "thẩm định" and "dự toán" are shared, the purpose is not.
    ProcedureText(
        ref="internal:NB-SXD-01",
        name="Thẩm định thiết kế xây dựng triển khai sau thiết kế cơ sở",
        agency="Sở Xây dựng Thành phố Hà Nội",
        legal_basis=("50/2014/QH13 Luật Xây dựng",),
        steps=("Tiếp nhận hồ sơ thiết kế", "Thẩm định thiết kế", "Thông báo kết quả thẩm định"),
        documents=("Tờ trình thẩm định thiết kế", "Hồ sơ thiết kế xây dựng"),
    ),
    ProcedureText(
        ref="internal:NB-SYT-01",
        name="Lập dự toán mua sắm trang thiết bị y tế",
        agency="Sở Y tế Thành phố Hà Nội",
        legal_basis=("15/2023/QH15 Luật Khám bệnh, chữa bệnh",),
        steps=("Tổng hợp nhu cầu trang thiết bị", "Lập dự toán mua sắm", "Trình phê duyệt"),
        documents=("Danh mục trang thiết bị đề nghị mua sắm", "Báo giá"),
    ),
]

EXPECTED = [
    *REGISTER_OVERLAPS,
    ("internal:NB-SNV-01", "internal:NB-STP-03"),
    ("internal:NB-SNV-01", "internal:NB-STC-02"),
    ("internal:NB-SNV-02", "internal:NB-QH-01"),
    # The military-service registrations (first, supplementary, temporary absence, moving in)
    # share their law, their steps and their papers, but each is its own procedure of one
    # decision: they are siblings, not overlaps (issue 22), and are no longer expected.
]

PRECISION_FLOOR = 0.75
RECALL_FLOOR = 0.75


def test_precision_recall_and_cosine_count_what_they_should() -> None:
    assert precision_recall([], []) == (1.0, 1.0)
    assert precision_recall([("a", "b")], [("b", "a"), ("c", "d")]) == (1.0, 0.5)
    assert precision_recall([("a", "b"), ("x", "y")], [("a", "b")]) == (0.5, 1.0)
    assert cosine({"a": 1.0}, {"a": 0.5, "b": 1.0}) == 0.5
    assert cosine({"a": 0.5, "b": 1.0}, {"a": 1.0}) == 0.5
    assert cosine({}, {"a": 1.0}) == 0.0


def test_a_finding_explains_itself() -> None:
    left, right = (
        ProcedureText(
            ref=f"internal:{p['code']}",
            name=p["name"],
            agency=p["agency_name"],
            legal_basis=tuple(p["legal_basis"]),
            steps=tuple(s["name"] for s in p["steps"]),
            documents=tuple(d["name"] for d in p["documents"]),
        )
        for p in REGISTER
        if p["code"] in ("NB-STP-03", "NB-STC-02")
    )
    [finding] = find_overlaps([left, right], threshold=0.1)
    evidence: dict[str, Any] = finding.evidence()
    assert "Nghị định 63/2010/NĐ-CP" in evidence["legal"]
    assert ["Gửi báo cáo về Văn phòng UBND Thành phố"] * 2 in [s[:2] for s in evidence["steps"]]
    assert any(
        d[0] == "Biểu mẫu số liệu kiểm soát thủ tục hành chính" for d in evidence["documents"]
    )
    assert set(evidence["parts"]) == {"name", "legal", "steps", "documents"}
    # The explanation is Vietnamese sentences, not tokens or internal references.
    reasons = evidence["reasons"]
    assert "Cùng căn cứ Thông tư 02/2017/TT-VPCP; Nghị định 63/2010/NĐ-CP" in reasons
    assert any(r.startswith("2/2 thành phần hồ sơ trùng: Biểu mẫu số liệu") for r in reasons)
    assert any(r.startswith("2/4 bước trùng: Gửi báo cáo về Văn phòng UBND") for r in reasons)
    assert not any("internal:" in r or "nd-cp" in r for r in reasons)
    assert evidence["confidence"] == "high"
    assert evidence["missing"] == []


def test_a_finding_keeps_its_whole_evidence_and_clusters_are_numbered_by_best_score() -> None:
    documents = (
        "Tờ khai đăng ký khai tử theo mẫu",
        "Bản sao giấy báo tử",
        "Giấy tờ tùy thân của người đi khai tử",
        "Văn bản ủy quyền khai tử",
        "Giấy chứng tử của bệnh viện",
    )
    steps = (
        "Nộp hồ sơ khai tử tại Ủy ban nhân dân xã",
        "Công chức tư pháp hộ tịch kiểm tra hồ sơ khai tử",
        "Chủ tịch ký trích lục khai tử",
    )
    national = ProcedureText(
        ref="a",
        name="Thủ tục đăng ký khai tử",
        code="1.000656",
        decision="163/QĐ-BTP",
        legal_basis=("Điều 33 Luật Hộ tịch 60/2014/QH13", "Nghị định 123/2015/NĐ-CP"),
        steps=steps,
        documents=documents,
        levels=("Cấp xã",),
    )
    local = ProcedureText(
        ref="b",
        name="Đăng ký khai tử",
        code="1.000656.000.00.00.H38",
        decision="163/QĐ-BTP",
        legal_basis=("Khoản 1 Điều 33 Luật 60/2014/QH13",),
        steps=steps,
        documents=documents[3:],
        levels=("Cấp xã",),
    )
    residence = ProcedureText(ref="d", name="Đăng ký tạm trú")
    residence_again = ProcedureText(ref="e", name="Thủ tục đăng ký tạm trú")
    others = [
        ProcedureText(ref=f"o{i}", name=name)
        for i, name in enumerate(
            [
                "Cấp giấy phép xây dựng nhà ở riêng lẻ",
                "Đăng ký thành lập hộ kinh doanh",
                "Cấp phiếu lý lịch tư pháp",
                "Đăng ký kết hôn",
                "Cấp giấy phép lái xe",
            ]
        )
    ]
    findings = find_overlaps([national, local, residence, residence_again, *others])
    # Structure first, then the pair known by its names only.
    assert [(f.left, f.right) for f in findings] == [("a", "b"), ("d", "e")]
    death, stay = findings
    # 2 of 5 papers, every step, the shared law and the name: 0.40 + 0.15 + 0.20 + 0.25 x 0.4
    # = 0.85, raised to 0.95 by the shared national code.
    assert death.parts == pytest.approx({"name": 1.0, "legal": 1.0, "steps": 1.0, "documents": 0.4})
    assert death.score == 0.95
    evidence = death.evidence()
    # Equal items match with similarity 1; which of them is listed first is a matter of rounding.
    matched_steps = evidence.pop("steps")
    matched_documents = evidence.pop("documents")
    reasons = evidence.pop("reasons")
    assert isinstance(matched_steps, list)
    assert isinstance(matched_documents, list)
    assert isinstance(reasons, list)
    assert sorted(tuple(m) for m in matched_steps) == [(s, s, 1.0) for s in sorted(steps)]
    assert sorted(tuple(m) for m in matched_documents) == [
        (d, d, 1.0) for d in sorted(documents[3:])
    ]
    assert reasons[:4] == [
        "Cùng mã thủ tục 1.000656",
        "Cùng được công bố tại Quyết định 163/QĐ-BTP",
        "Tên thủ tục gần như trùng nhau",
        "Cùng căn cứ Điều 33 Luật 60/2014/QH13",
    ]
    papers, done = reasons[4:]
    assert papers.startswith("2/5 thành phần hồ sơ trùng: ")
    assert set(papers.removeprefix("2/5 thành phần hồ sơ trùng: ").split("; ")) == set(
        documents[3:]
    )
    assert done.startswith("3/3 bước trùng: ")
    assert set(done.removeprefix("3/3 bước trùng: ").split("; ")) == set(steps)
    assert evidence == {
        "kind": "same",
        "confidence": "high",
        "internal": "",
        "missing": [],
        "parts": {"name": 1.0, "legal": 1.0, "steps": 1.0, "documents": 0.4},
        "legal": ["Điều 33 Luật 60/2014/QH13"],
    }
    assert stay.kind == "same"
    assert stay.confidence == "low"
    assert stay.score == pytest.approx(1.0)
    # Clusters are numbered from the best score down.
    assert (stay.cluster, death.cluster) == (1, 2)


CORPUS = [
    ProcedureText(ref=f"o{i}", name=name)
    for i, name in enumerate(
        [
            "Cấp giấy phép xây dựng nhà ở riêng lẻ",
            "Đăng ký thành lập hộ kinh doanh",
            "Cấp phiếu lý lịch tư pháp",
            "Đăng ký kết hôn",
            "Cấp giấy phép lái xe",
        ]
    )
]


def test_a_part_is_found_whichever_side_it_is_on_and_scores_at_least_0_6() -> None:
    part = ProcedureText(
        ref="p", name="Thủ tục đăng ký khai tử", documents=("Giấy báo tử",), steps=("Nộp hồ sơ",)
    )
    combined = ProcedureText(
        ref="w", name="Thủ tục liên thông đăng ký khai tử, xóa đăng ký thường trú"
    )
    [finding] = find_overlaps([part, combined, *CORPUS])
    assert (finding.left, finding.right, finding.kind) == ("p", "w", "part_of")
    # Compared on its name alone the pair scores below 0.6; being a part lifts it there.
    assert finding.parts["name"] < 0.6
    assert finding.score == 0.6
    assert finding.reasons == [
        "«Thủ tục đăng ký khai tử» là một phần của thủ tục liên thông "
        "«Thủ tục liên thông đăng ký khai tử, xóa đăng ký thường trú»",
        "Độ tin cậy thấp: chủ yếu so được tên thủ tục",
    ]


def test_a_shared_code_joins_names_with_no_word_in_common() -> None:
    certificate = ProcedureText(ref="a", name="Xác nhận tình trạng hôn nhân", code="1.004873")
    single = ProcedureText(ref="b", name="Cấp giấy độc thân", aliases=("1.004873.000.00.00.H01",))
    [finding] = find_overlaps([certificate, single, *CORPUS])
    assert finding.reasons[0] == "Cùng mã thủ tục 1.004873"
    assert finding.score == 0.95


def test_findings_are_ranked_and_the_threshold_is_inclusive() -> None:
    documents = ("Tờ khai theo mẫu", "Giấy chứng sinh", "Văn bản ủy quyền", "Giấy tờ tùy thân")
    steps = ("Nộp hồ sơ tại bộ phận một cửa", "Công chức thẩm tra hồ sơ", "Chủ tịch ký giấy")
    close = [
        ProcedureText(ref="c1", name="Đăng ký khai sinh", documents=documents, steps=steps),
        ProcedureText(ref="c2", name="Thủ tục đăng ký khai sinh", documents=documents, steps=steps),
    ]
    renamed = [
        ProcedureText(ref="r1", name="Đăng ký việc tử", documents=documents, steps=steps),
        ProcedureText(ref="r2", name="Đăng ký khai tử", documents=documents, steps=steps),
    ]
    findings = find_overlaps([*renamed, *close, *CORPUS])
    assert [(f.left, f.right) for f in findings] == [("c1", "c2"), ("r1", "r2")]
    assert findings[0].score > findings[1].score
    assert [f.cluster for f in findings] == [1, 2]
    evidence = findings[1].evidence()
    parts = evidence["parts"]
    assert isinstance(parts, dict)
    assert parts == {k: round(v, 3) for k, v in findings[1].parts.items()}
    [alone] = find_overlaps([*renamed, *CORPUS])
    at_its_score = find_overlaps([*renamed, *CORPUS], threshold=alone.score)
    assert [(f.left, f.right) for f in at_its_score] == [("r1", "r2")]


def test_findings_that_share_a_procedure_share_a_cluster() -> None:
    texts = [
        ProcedureText(ref="t1", name="Đăng ký tạm trú"),
        ProcedureText(ref="t2", name="Thủ tục đăng ký tạm trú"),
        ProcedureText(ref="t3", name="Đăng ký tạm trú (bản cũ)"),
        *CORPUS,
    ]
    findings = find_overlaps(texts)
    assert sorted((f.left, f.right) for f in findings) == [("t1", "t2"), ("t1", "t3"), ("t2", "t3")]
    assert {f.cluster for f in findings} == {1}


def test_evidence_rounds_what_it_keeps_and_counts_only_what_both_publish() -> None:
    left = ProcedureText(
        ref="a",
        name="Đăng ký khai tử tại xã",
        decision="163/QĐ-BTP",
        legal_basis=("Luật Hộ tịch 60/2014/QH13",),
        steps=("Nộp hồ sơ đăng ký khai tử tại xã", "Công chức kiểm tra hồ sơ"),
        documents=("Tờ khai đăng ký khai tử theo mẫu", "Bản sao giấy báo tử"),
    )
    right = ProcedureText(
        ref="b",
        name="Đăng ký khai tử",
        steps=("Nộp hồ sơ đăng ký khai tử", "Công chức kiểm tra hồ sơ"),
        documents=("Tờ khai đăng ký khai tử", "Giấy báo tử của bệnh viện"),
    )
    [finding] = find_overlaps([left, right, *CORPUS])
    evidence = finding.evidence()
    assert evidence["steps"] == [[a, b, round(s, 2)] for a, b, s in finding.matched_steps]
    assert evidence["documents"] == [[a, b, round(s, 2)] for a, b, s in finding.matched_documents]
    assert any(round(s, 2) != round(s, 3) for _a, _b, s in finding.matched_documents)
    assert evidence["parts"] == {k: round(v, 3) for k, v in finding.parts.items()}
    assert round(finding.parts["name"], 3) != round(finding.parts["name"], 4)
    # One side alone gives a decision and a legal basis: neither is shared, neither counts.
    assert not any("Quyết định" in r or "căn cứ" in r for r in finding.reasons)
    weighted = (
        0.40 * finding.parts["name"]
        + 0.20 * finding.parts["steps"]
        + 0.25 * finding.parts["documents"]
    ) / 0.85
    assert finding.score == pytest.approx(weighted)
    assert finding.kind == "same"
    assert finding.reasons[0] == (
        "Cùng nội dung, tên viết khác nhau: «Đăng ký khai tử tại xã» và «Đăng ký khai tử»"
    )


def test_names_and_steps_alone_are_enough_for_high_confidence() -> None:
    steps = ("Nộp hồ sơ đăng ký khai tử tại xã", "Công chức kiểm tra hồ sơ khai tử")
    texts = [
        ProcedureText(ref="a", name="Đăng ký khai tử", steps=steps),
        ProcedureText(ref="b", name="Thủ tục đăng ký khai tử", steps=steps),
        *CORPUS,
    ]
    [finding] = find_overlaps(texts)
    # Name 0.40 and steps 0.20: 0.60 of the weights, the least for high confidence.
    assert finding.confidence == "high"


def test_other_subjects_with_the_same_steps_but_other_papers_stay_apart() -> None:
    steps = ("Nộp hồ sơ tại bộ phận một cửa", "Công chức tư pháp thẩm tra hồ sơ", "Chủ tịch ký")
    birth = ProcedureText(
        ref="a", name="Đăng ký khai sinh", steps=steps, documents=("Giấy chứng sinh",)
    )
    guardianship = ProcedureText(
        ref="b", name="Đăng ký giám hộ", steps=steps, documents=("Văn bản cử người giám hộ",)
    )
    assert find_overlaps([birth, guardianship, *CORPUS]) == []


def test_a_step_most_procedures_have_is_no_evidence() -> None:
    common = "Trả kết quả cho người nộp hồ sơ"
    own = "Công chức tư pháp hộ tịch ghi vào sổ đăng ký khai tử"
    texts = [
        ProcedureText(ref="a", name="Đăng ký khai tử", steps=(own, common)),
        ProcedureText(ref="b", name="Thủ tục đăng ký khai tử", steps=(own, common)),
        *(
            ProcedureText(ref=p.ref, name=p.name, steps=(common, f"Thẩm định hồ sơ {p.name}"))
            for p in CORPUS
        ),
    ]
    [finding] = find_overlaps(texts)
    # 7 procedures, all with the common step: it is left out of the matching (the own step
    # matches fully), while the reason still counts every published step.
    assert [(a, b) for a, b, _sim in finding.matched_steps] == [(own, own)]
    assert finding.parts["steps"] == pytest.approx(1.0)
    assert "1/2 bước trùng: " + own in finding.reasons


def test_two_codes_of_one_decision_and_two_levels_of_government_are_two_procedures() -> None:
    death = ProcedureText(ref="a", name="Đăng ký khai tử", code="1.000656", decision="163/QĐ-BTP")
    mobile = ProcedureText(
        ref="b", name="Đăng ký khai tử lưu động", code="1.000999", decision="163/QĐ-BTP"
    )
    assert find_overlaps([death, mobile, *CORPUS]) == []
    elsewhere = ProcedureText(
        ref="c", name="Đăng ký khai tử lưu động", code="1.000999", decision="164/QĐ-BTP"
    )
    assert [(f.left, f.right) for f in find_overlaps([death, elsewhere, *CORPUS])] == [("a", "c")]
    abroad = ProcedureText(ref="x", name="Đăng ký khai tử", levels=("Cơ quan đại diện",))
    commune = ProcedureText(ref="y", name="Thủ tục đăng ký khai tử", levels=("Cấp xã",))
    district = ProcedureText(ref="z", name="Thủ tục đăng ký khai tử", levels=("Cấp huyện",))
    found = find_overlaps([abroad, commune, district, *CORPUS])
    assert [(f.left, f.right) for f in found] == [("y", "z")]


def test_a_name_rewritten_over_the_same_papers_and_steps_is_a_renamed_procedure() -> None:
    documents = ("Tờ khai theo mẫu", "Giấy chứng sinh", "Văn bản ủy quyền", "Giấy tờ tùy thân")
    steps = ("Nộp hồ sơ tại bộ phận một cửa", "Công chức thẩm tra hồ sơ", "Chủ tịch ký giấy")
    old = ProcedureText(ref="m", name="Đăng ký việc sinh", documents=documents, steps=steps)
    new = ProcedureText(ref="n", name="Đăng ký khai sinh", documents=documents, steps=steps)
    [finding] = find_overlaps([old, new, *CORPUS])
    assert finding.kind == "renamed"
    assert finding.parts["name"] < 0.6
    # Weighted over what both publish: name 0.40, steps 0.20, papers 0.25 (no legal basis).
    assert finding.score == pytest.approx((0.40 * finding.parts["name"] + 0.20 + 0.25) / 0.85)
    assert finding.reasons[0] == "Có thể đã đổi tên: «Đăng ký việc sinh» và «Đăng ký khai sinh»"
    assert finding.reasons[1].startswith("4/4 thành phần hồ sơ trùng: ")
    assert finding.reasons[1].endswith(" và 1 mục khác")
    assert finding.confidence == "high"


def test_siblings_of_one_decision_are_not_overlaps() -> None:
    """Same decision, same law, same step template: "khai sinh" is not "khai tử"."""
    common = {
        "decision": "163/QĐ-BTP",
        "legal_basis": ("Luật 60/2014/QH13", "Nghị định 123/2015/NĐ-CP"),
        "levels": ("Cấp xã",),
    }
    birth = ProcedureText(
        ref="a",
        name="Thủ tục đăng ký khai sinh",
        code="1.001193",
        steps=("Nộp hồ sơ đăng ký khai sinh", "Công chức tư pháp - hộ tịch thẩm tra hồ sơ"),
        documents=("Tờ khai đăng ký khai sinh theo mẫu", "Giấy tờ tùy thân"),
        **common,  # type: ignore[arg-type]
    )
    death = ProcedureText(
        ref="b",
        name="Thủ tục đăng ký khai tử",
        steps=("Nộp hồ sơ đăng ký khai tử", "Công chức tư pháp - hộ tịch thẩm tra hồ sơ"),
        documents=("Tờ khai đăng ký khai tử theo mẫu", "Giấy tờ tùy thân"),
        **common,  # type: ignore[arg-type]
    )
    founding = ProcedureText(ref="c", name="Thành lập trường mầm non", levels=("Cấp xã",))
    dissolving = ProcedureText(ref="d", name="Giải thể trường mầm non", levels=("Cấp xã",))
    moving_in = ProcedureText(ref="e", name="Đăng ký nghĩa vụ quân sự chuyển đến")
    moving_out = ProcedureText(ref="f", name="Đăng ký nghĩa vụ quân sự chuyển đi")
    assert find_overlaps([birth, death, founding, dissolving, moving_in, moving_out]) == []


def test_a_part_of_a_combined_procedure_is_flagged_as_such() -> None:
    combined = ProcedureText(
        ref="public:1.007073", name="Thủ tục liên thông đăng ký khai tử, xóa đăng ký thường trú"
    )
    part = ProcedureText(
        ref="public:1.000656",
        name="Thủ tục đăng ký khai tử",
        documents=("Giấy báo tử",),
        steps=("Nộp hồ sơ",),
    )
    [finding] = find_overlaps([combined, part])
    assert finding.kind == "part_of"
    assert finding.reasons[0] == (
        "«Thủ tục đăng ký khai tử» là một phần của thủ tục liên thông "
        "«Thủ tục liên thông đăng ký khai tử, xóa đăng ký thường trú»"
    )


OTHERS = [
    ProcedureText(ref="y", name="Cấp giấy phép xây dựng nhà ở riêng lẻ"),
    ProcedureText(ref="z", name="Đăng ký thành lập hộ kinh doanh"),
]


def test_a_qualifier_on_one_side_makes_a_sibling_not_a_duplicate() -> None:
    """The catalogues publish "… có yếu tố nước ngoài", a collective title and emergency help
    next to the plain procedure."""
    pairs = [
        (
            "Thủ tục đăng ký chấm dứt giám hộ",
            "Thủ tục đăng ký chấm dứt giám hộ có yếu tố nước ngoài",
        ),
        ("Tặng danh hiệu Lao động tiên tiến", "Tặng danh hiệu Tập thể lao động tiên tiến"),
        ("Hỗ trợ chi phí mai táng", "Trợ giúp xã hội khẩn cấp về hỗ trợ chi phí mai táng"),
        ("Thu tuc dang ky cham dut giam ho", "Dang ky cham dut giam ho co yeu to nuoc ngoai"),
    ]
    for left, right in pairs:
        texts = [ProcedureText(ref="a", name=left), ProcedureText(ref="b", name=right), *OTHERS]
        assert find_overlaps(texts) == [], (left, right)
    # Both sides qualified alike: the names decide (words weigh by their rarity, so the corpus
    # holds more than the pair).
    same = [
        ProcedureText(ref="a", name="Đăng ký kết hôn có yếu tố nước ngoài"),
        ProcedureText(ref="b", name="Thủ tục đăng ký kết hôn có yếu tố nước ngoài"),
        *OTHERS,
    ]
    assert [(f.left, f.right) for f in find_overlaps(same)] == [("a", "b")]


def test_one_action_over_a_list_of_subjects_is_a_combined_procedure() -> None:
    listed = ProcedureText(ref="a", name="Thủ tục đăng ký lại việc kết hôn, sinh tử, nuôi con nuôi")
    part = ProcedureText(ref="b", name="Thủ tục Đăng ký lại kết hôn")
    other = ProcedureText(ref="c", name="Đăng ký lại khai sinh")
    findings = find_overlaps([listed, part, other])
    assert [(f.left, f.right, f.kind) for f in findings] == [("a", "b", "part_of")]
    # Two subjects are a name, not a list.
    pair = ProcedureText(ref="d", name="Đăng ký lại việc kết hôn, nuôi con nuôi")
    assert [f.kind for f in find_overlaps([pair, part, *OTHERS])] == ["same"]


def test_an_internal_procedure_says_which_side_is_internal() -> None:
    steps = ("Tiếp nhận hồ sơ đề nghị", "Thẩm định hồ sơ", "Văn bản thẩm định")
    documents = ("Văn bản đề nghị thẩm định", "Đề án thành lập đơn vị sự nghiệp công lập")
    common: dict[str, Any] = {"steps": steps, "documents": documents}
    public = ProcedureText(
        ref="public:1.009319",
        name="Thẩm định thành lập đơn vị sự nghiệp công lập",
        agency="Sở Nội vụ",
        **common,
    )
    internal = ProcedureText(
        ref="internal:NB-01",
        name="Thủ tục thẩm định thành lập đơn vị sự nghiệp công lập",
        agency="Sở Nội vụ tỉnh A",
        internal=True,
        **common,
    )
    [finding] = find_overlaps([public, internal])
    assert finding.internal == "one"
    assert finding.evidence()["internal"] == "one"
    assert finding.reasons[0] == (
        "Thủ tục nội bộ «Thủ tục thẩm định thành lập đơn vị sự nghiệp công lập» lặp lại thủ tục "
        "hành chính công khai «Thẩm định thành lập đơn vị sự nghiệp công lập»"
    )
    twin = ProcedureText(
        ref="internal:NB-02",
        name="Thẩm định thành lập đơn vị sự nghiệp công lập",
        agency="Sở Nội vụ tỉnh B",
        internal=True,
        **common,
    )
    [finding] = find_overlaps([internal, twin])
    assert finding.internal == "both"
    assert finding.reasons[0] == (
        "Cùng một bước nội bộ giữa các cơ quan nhà nước được quy định hai lần "
        "(Sở Nội vụ tỉnh A; Sở Nội vụ tỉnh B)"
    )
    [finding] = find_overlaps([public, ProcedureText(ref="x", name=public.name, **common)])
    assert finding.internal == ""
    assert not any("nội bộ" in r for r in finding.reasons)
    # One agency, or agencies not given: no agencies to name.
    for left_agency, right_agency in (("Sở Nội vụ", "Sở Nội vụ"), ("", "Sở Nội vụ"), ("", "")):
        pair = [
            ProcedureText(ref="i1", name=public.name, agency=left_agency, internal=True, **common),
            ProcedureText(
                ref="i2", name=internal.name, agency=right_agency, internal=True, **common
            ),
        ]
        [finding] = find_overlaps(pair)
        assert finding.reasons[0] == (
            "Cùng một bước nội bộ giữa các cơ quan nhà nước được quy định hai lần"
        )
    # The internal procedure is named first whichever side it is on.
    [finding] = find_overlaps([internal, public])
    assert finding.reasons[0].startswith(
        "Thủ tục nội bộ «Thủ tục thẩm định thành lập đơn vị sự nghiệp công lập» lặp lại"
    )
    # A shared code comes first, the internal side second.
    coded = [
        ProcedureText(ref="p", name=public.name, code="1.009319", **common),
        ProcedureText(ref="q", name=internal.name, code="1.009319", internal=True, **common),
    ]
    [finding] = find_overlaps(coded)
    assert finding.reasons[:2] == [
        "Cùng mã thủ tục 1.009319",
        "Thủ tục nội bộ «Thủ tục thẩm định thành lập đơn vị sự nghiệp công lập» lặp lại thủ tục "
        "hành chính công khai «Thẩm định thành lập đơn vị sự nghiệp công lập»",
    ]


def test_a_pair_known_by_its_names_only_says_so() -> None:
    left = ProcedureText(ref="a", name="Thủ tục đăng ký khai tử", agency="UBND phường Linh Tây")
    right = ProcedureText(
        ref="b", name="Đăng ký khai tử", agency="UBND xã Thọ Tiến", steps=("Chuẩn bị hồ sơ",)
    )
    [finding] = find_overlaps([left, right])
    assert finding.confidence == "low"
    assert "Độ tin cậy thấp: chủ yếu so được tên thủ tục" in finding.reasons
    assert finding.missing == [
        "Thiếu dữ liệu về căn cứ pháp lý, trình tự thực hiện, thành phần hồ sơ "
        "của «Thủ tục đăng ký khai tử»",
        "Thiếu dữ liệu về căn cứ pháp lý, thành phần hồ sơ của «Đăng ký khai tử»",
    ]


def test_a_shared_article_is_named_with_its_article() -> None:
    refs = legal_refs(["Khoản 2 Điều 7 Nghị định 13/2016/NĐ-CP", "Luật Cư trú 2020"])
    assert [(r.key, r.article, r.display) for r in refs] == [
        ("13/2016/nd-cp", "7", "Nghị định 13/2016/NĐ-CP"),
        ("luat cu tru", "", "Luật Cư trú"),
    ]
    left = ProcedureText(
        ref="a",
        name="Đăng ký nghĩa vụ quân sự chuyển đến",
        legal_basis=("Điều 7 Nghị định 13/2016/NĐ-CP",),
    )
    right = ProcedureText(
        ref="b",
        name="Thủ tục đăng ký nghĩa vụ quân sự chuyển đến khi thay đổi nơi cư trú",
        legal_basis=("Khoản 2 Điều 7 Nghị định 13/2016/NĐ-CP",),
    )
    # Words weigh by their rarity, so the corpus holds more than the pair.
    others = [
        ProcedureText(ref="c", name="Cấp giấy phép xây dựng nhà ở riêng lẻ"),
        ProcedureText(ref="d", name="Đăng ký thành lập hộ kinh doanh"),
    ]
    [finding] = find_overlaps([left, right, *others])
    assert "Cùng căn cứ Điều 7 Nghị định 13/2016/NĐ-CP" in finding.reasons
    assert finding.parts["legal"] == 1.0
    # Two articles of one decree share the decree only; the share counts over the shorter basis.
    moved = ProcedureText(
        ref="b",
        name=right.name,
        legal_basis=("Điều 9 Nghị định 13/2016/NĐ-CP", "Luật Nghĩa vụ quân sự 2015"),
    )
    [finding] = find_overlaps([left, moved, *others])
    assert finding.shared_legal == ["Nghị định 13/2016/NĐ-CP"]
    assert "Cùng căn cứ Nghị định 13/2016/NĐ-CP" in finding.reasons
    assert finding.parts["legal"] == 1.0
    wider = ProcedureText(
        ref="a",
        name=left.name,
        legal_basis=("Điều 9 Nghị định 13/2016/NĐ-CP", "Thông tư 148/2018/TT-BQP"),
    )
    [finding] = find_overlaps([wider, moved, *others])
    assert finding.parts["legal"] == 0.5
    assert finding.shared_legal == ["Điều 9 Nghị định 13/2016/NĐ-CP"]


@pytest.mark.django_db
def test_precision_and_recall_on_the_labelled_set(capsys: pytest.CaptureFixture[str]) -> None:
    # given the demo catalogue, the demo register and the labelled extras
    at = timezone.now()
    accounts_demo.load(at=at)
    calendar_demo.load(at=at)
    catalog_demo.load(at=at)
    internal_procedures_import(
        scope=ReformScope.everything(),
        data=json.dumps({"procedures": REGISTER}).encode(),
        filename="register.json",
        actor="test",
        at=at,
    )
    texts = overlap_texts(on=timezone.localdate(at)) + EXTRA
    # when
    findings = find_overlaps(texts)
    # then
    found = [(f.left, f.right) for f in findings]
    precision, recall = precision_recall(found, EXPECTED)
    with capsys.disabled():
        print(  # noqa: T201 - the figures the closing note reports
            f"\noverlap detection on {len(texts)} procedures ({len(texts) * (len(texts) - 1) // 2} "
            f"pairs, {len(EXPECTED)} overlapping): {len(found)} found, "
            f"precision {precision:.2f}, recall {recall:.2f}"
        )
    assert precision >= PRECISION_FLOOR
    assert recall >= RECALL_FLOOR
