"""The pieces of overlap scoring, each pinned to exact values: term weights, item matching, the
generic items left out, parts of a combined procedure, the shared legal basis and the levels."""

import math
from collections import Counter

import pytest

from motcua.reform.overlap import ProcedureText, find_overlaps
from motcua.reform.overlap_items import Space, match_items, shared_legal, weighted_items
from motcua.reform.overlap_legal import legal_refs
from motcua.reform.overlap_parts import part_of_combined
from motcua.reform.overlap_text import read_name

#: Words weigh by their rarity, so every corpus holds more than the pair under test.
OTHERS = [
    ProcedureText(ref="o1", name="Cấp giấy phép xây dựng nhà ở riêng lẻ"),
    ProcedureText(ref="o2", name="Đăng ký thành lập hộ kinh doanh"),
]


def test_a_term_the_corpus_never_saw_weighs_most_and_a_term_everywhere_weighs_nothing() -> None:
    space = Space(["alpha beta", "gamma"])
    vector = space.vector("alpha delta")
    # Two texts: "alpha" is in one (log 3/2), "delta" and "alpha_delta" in none (log 3/1).
    known, unseen = math.log(3 / 2), math.log(3)
    norm = math.sqrt(known**2 + 2 * unseen**2)
    assert vector == pytest.approx(
        {"alpha": known / norm, "delta": unseen / norm, "alpha_delta": unseen / norm}
    )
    everywhere = Space(["alpha", "alpha"])
    assert everywhere.vector("alpha") == {}


A = {"a": 1.0}


def test_nothing_to_match_scores_zero() -> None:
    assert match_items([], [("y", A)], left_only=set(), right_only=set(), folded=False) == (
        0.0,
        [],
    )
    assert match_items([("x", A)], [], left_only=set(), right_only=set(), folded=False) == (
        0.0,
        [],
    )


def test_items_exactly_at_the_match_threshold_match() -> None:
    # Half of the shorter item's weight is in the longer one (its cosine is only 0.4).
    short = {"a": 0.5, "b": 0.5, "c": 0.5, "d": 0.5}
    long = {"a": 0.4, "b": 0.4, "e": 0.4, "f": 0.4, "g": 0.6}
    assert match_items(
        [("x", short)], [("y", long)], left_only=set(), right_only=set(), folded=False
    ) == (0.5, [("x", "y", 0.5)])
    assert match_items(
        [("x", long)], [("y", short)], left_only=set(), right_only=set(), folded=False
    ) == (0.5, [("x", "y", 0.5)])


def test_items_match_by_their_cosine_when_it_says_more_than_the_shorter_share() -> None:
    left = {"a": 0.6, "c": 0.8}
    right = {"a": 0.9, "b": math.sqrt(0.19)}
    [(_x, _y, similarity)] = match_items(
        [("x", left)], [("y", right)], left_only=set(), right_only=set(), folded=False
    )[1]
    assert similarity == pytest.approx(0.54)


def test_matching_is_one_to_one_and_keeps_going_past_a_taken_item() -> None:
    # One right item cannot serve two left items, nor one left item two right items (a tie goes
    # to the later item).
    assert match_items(
        [("x1", A), ("x2", A)], [("y", A)], left_only=set(), right_only=set(), folded=False
    ) == (0.5, [("x2", "y", 1.0)])
    assert match_items(
        [("x", A)], [("y1", A), ("y2", A)], left_only=set(), right_only=set(), folded=False
    ) == (0.5, [("x", "y2", 1.0)])
    y2 = {"b": 0.9, "d": math.sqrt(1 - 0.81)}
    x2 = {"b": 0.6, "c": 0.8}
    score, matched = match_items(
        [("x1", A), ("x2", x2)],
        [("y1", A), ("y2", y2)],
        left_only=set(),
        right_only=set(),
        folded=False,
    )
    second = 0.6 * 0.9
    assert [(a, b) for a, b, _s in matched] == [("x1", "y1"), ("x2", "y2")]
    assert score == pytest.approx((1.0 + second) / 2)


def test_a_paper_named_for_each_side_own_subject_is_not_shared() -> None:
    Items = list[tuple[str, dict[str, float]]]

    def match(
        left: Items, right: Items, own: tuple[str, str] = ("sinh", "tu")
    ) -> tuple[float, list[tuple[str, str, float]]]:
        return match_items(left, right, left_only={own[0]}, right_only={own[1]}, folded=True)

    # Folded on both sides: "tử" is the other side's own word even with its diacritics.
    for left, right in (
        ("Tờ khai đăng ký khai sinh", "Tờ khai đăng ký khai tử"),
        ("Tờ khai đăng ký khai sính", "Tờ khai đăng ký khai tu"),
    ):
        assert match([(left, A)], [(right, A)]) == (0.0, [])
    assert match(
        [("Tờ khai đăng ký khai tử", A)], [("Tờ khai đăng ký khai sinh", A)], ("tu", "sinh")
    ) == (0.0, [])
    # Only one side names its own subject: the paper is shared.
    for left, right in (("Tờ khai khai sinh", "Tờ khai"), ("Tờ khai", "Tờ khai khai tử")):
        assert match([(left, A)], [(right, A)]) == (1.0, [(left, right, 1.0)])
    # A paper set aside does not stop the matching of the next one.
    score, matched = match(
        [("Tờ khai khai sinh", A), ("Giấy tờ tùy thân", {"b": 0.6, "c": 0.8})],
        [("Tờ khai khai tử", A), ("Giấy tờ tùy thân", {"c": 0.8, "d": 0.6})],
    )
    assert score == pytest.approx(0.32)
    [(left, right, similarity)] = matched
    assert (left, right) == ("Giấy tờ tùy thân", "Giấy tờ tùy thân")
    assert similarity == pytest.approx(0.64)


def test_an_item_in_more_than_three_tenths_of_four_or_more_procedures_is_left_out() -> None:
    space = Space(["Trả kết quả", "Nộp hồ sơ", "Thẩm định hồ sơ"])
    generic = Counter({"tra ket qua": 2})
    items = ["Trả kết quả", "Thẩm định hồ sơ"]
    assert [t for t, _v in weighted_items(space, items, generic, 4)] == ["Thẩm định hồ sơ"]
    assert [t for t, _v in weighted_items(space, items, generic, 3)] == items
    # Exactly three in ten is not more than three tenths.
    assert [t for t, _v in weighted_items(space, items, Counter({"tra ket qua": 3}), 10)] == items


COMBINED = "Thủ tục liên thông đăng ký khai tử, xóa đăng ký thường trú"


def test_a_part_is_read_whatever_the_diacritics_and_wherever_it_stands() -> None:
    combined = read_name(COMBINED)
    # The second part of the combined name, typed without diacritics.
    assert part_of_combined(combined, read_name("Xoa dang ky thuong tru"), True)
    assert part_of_combined(
        read_name("Thu tuc lien thong dang ky khai tu, xoa dang ky thuong tru"),
        read_name("Xóa đăng ký thường trú"),
        True,
    )
    # A part named more fully than in the combined name is still that part.
    assert part_of_combined(combined, read_name("Xóa đăng ký thường trú tại nơi cư trú cũ"), False)
    # A name with nothing left once its generic words are gone is no part of anything.
    assert not part_of_combined(combined, read_name("Đăng ký"), False)


def test_shared_articles_are_those_both_cite_for_the_same_document_in_number_order() -> None:
    def shared(left: list[str], right: list[str]) -> tuple[float, list[str]]:
        return shared_legal(legal_refs(left), legal_refs(right))

    assert shared([], ["Luật Cư trú"]) == (0.0, [])
    assert shared(["Luật Cư trú"], []) == (0.0, [])
    # Another document's article is not this document's article.
    assert shared(
        ["Điều 7 Nghị định 13/2016/NĐ-CP", "Điều 9 Luật Cư trú"],
        ["Điều 9 Nghị định 13/2016/NĐ-CP", "Luật Cư trú"],
    ) == (1.0, ["Nghị định 13/2016/NĐ-CP", "Luật Cư trú"])
    assert shared(
        ["Điều 9 Nghị định 13/2016/NĐ-CP", "Luật Cư trú"],
        ["Điều 7 Nghị định 13/2016/NĐ-CP", "Điều 9 Luật Cư trú"],
    ) == (1.0, ["Nghị định 13/2016/NĐ-CP", "Luật Cư trú"])
    assert shared(
        ["Điều 10 Nghị định 13/2016/NĐ-CP", "Điều 9 Nghị định 13/2016/NĐ-CP"],
        ["Điều 9 Nghị định 13/2016/NĐ-CP", "Điều 10 Nghị định 13/2016/NĐ-CP"],
    ) == (1.0, ["Điều 9 Nghị định 13/2016/NĐ-CP", "Điều 10 Nghị định 13/2016/NĐ-CP"])


def pairs(*procedures: ProcedureText) -> list[tuple[str, str, str]]:
    return [(f.left, f.right, f.kind) for f in find_overlaps([*procedures, *OTHERS])]


def test_a_name_typed_without_diacritics_is_the_same_procedure() -> None:
    assert pairs(
        ProcedureText(ref="a", name="Đăng ký khai tử"),
        ProcedureText(ref="b", name="Dang ky khai tu"),
    ) == [("a", "b", "same")]


@pytest.mark.parametrize("order", ["combined first", "part first"])
def test_a_part_typed_without_diacritics_is_found_on_either_side(order: str) -> None:
    combined = ProcedureText(ref="a", name=COMBINED)
    part = ProcedureText(ref="b", name="Xoa dang ky thuong tru")
    if order == "combined first":
        assert pairs(combined, part) == [("a", "b", "part_of")]
    else:
        assert pairs(part, combined) == [("b", "a", "part_of")]


def test_levels_part_two_coded_procedures_only_when_they_differ() -> None:
    def coded(ref: str, code: str, level: str) -> ProcedureText:
        return ProcedureText(
            ref=ref, name="Cấp giấy phép hoạt động", code=code, levels=(level,) if level else ()
        )

    # The same level, or a level on one side only: the level says nothing.
    assert pairs(coded("a", "1.000001", "Cấp tỉnh"), coded("b", "1.000002", "Cấp tỉnh")) == [
        ("a", "b", "same")
    ]
    assert pairs(coded("a", "1.000001", "Cấp tỉnh"), coded("b", "1.000002", "")) == [
        ("a", "b", "same")
    ]
    assert pairs(coded("a", "1.000001", "Cấp tỉnh"), coded("b", "1.000002", "Cấp xã")) == []
    # One code only: a page that may predate a move between levels.
    assert pairs(coded("a", "1.000001", "Cấp tỉnh"), coded("b", "", "Cấp xã")) == [
        ("a", "b", "same")
    ]


def test_an_entry_that_names_two_levels_is_both_levels() -> None:
    def page(ref: str, code: str, level: str) -> ProcedureText:
        return ProcedureText(
            ref=ref, name="Cấp giấy phép lưu hành xe bánh xích", code=code, levels=(level,)
        )

    # Carried out by the ministry and by the province: the province's page is that procedure.
    both = page("a", "1.000001", "Cấp Bộ, Cấp Tỉnh")
    assert pairs(both, page("b", "", "Cấp tỉnh")) == [("a", "b", "same")]
    # A ministry's procedure alone is not the province's.
    assert pairs(page("a", "1.000001", "Cấp Bộ"), page("b", "", "Cấp tỉnh")) == []
    # Two codes at levels that are not the same: two procedures.
    assert pairs(page("a", "1.000001", "Cấp Tỉnh, Cấp Xã"), page("b", "1.000002", "Cấp xã")) == []


def test_a_level_named_on_one_side_only_does_not_part_them() -> None:
    unnamed = ProcedureText(
        ref="a", name="Thẩm định thành lập đơn vị sự nghiệp công lập", levels=("Cấp xã",)
    )
    named = ProcedureText(
        ref="b",
        name="Thẩm định thành lập đơn vị sự nghiệp công lập thuộc Ủy ban nhân dân cấp tỉnh",
        levels=("Cấp tỉnh",),
    )
    assert pairs(unnamed, named) == [("a", "b", "same")]


#: Enough procedures that one step or paper shared by a pair is not "what most procedures have".
MANY = [
    ProcedureText(ref=f"m{i}", name=name)
    for i, name in enumerate(
        [
            "Cấp giấy phép xây dựng nhà ở riêng lẻ",
            "Đăng ký thành lập hộ kinh doanh",
            "Cấp phiếu lý lịch tư pháp",
            "Cấp giấy phép lái xe",
            "Chứng thực bản sao từ bản chính",
            "Công nhận hộ nghèo",
            "Chuyển trường đối với học sinh",
            "Cấp giấy chứng nhận an toàn thực phẩm",
        ]
    )
]


def found(*procedures: ProcedureText) -> list[tuple[str, str, str]]:
    return [(f.left, f.right, f.kind) for f in find_overlaps([*procedures, *MANY])]


@pytest.mark.parametrize("where", ["documents", "steps"])
def test_a_paper_or_step_of_each_side_own_subject_is_read_folded(where: str) -> None:
    # "Tử" on one side, "sinh" on the other, one of them typed without diacritics: the item
    # naming each side's own subject is no shared evidence, so nothing joins the two.
    own = {"a": "Tờ khai đăng ký khai tử", "b": "To khai dang ky khai sinh"}
    shared = "Nộp hồ sơ tại Ủy ban nhân dân cấp xã"

    def procedure(ref: str, name: str) -> ProcedureText:
        if where == "steps":
            return ProcedureText(ref=ref, name=name, documents=(shared,), steps=(own[ref],))
        return ProcedureText(ref=ref, name=name, documents=(own[ref],), steps=(own[ref], shared))

    assert found(procedure("a", "Đăng ký khai tử"), procedure("b", "Dang ky khai sinh")) == []


def mining(ref: str, mineral: str, *, documents: int, steps: int, basis: str = "") -> ProcedureText:
    """A licence named for its mineral, with ``documents`` of 20 papers and ``steps`` of 20 steps
    shared with every other such licence (one word each, so that only shared ones are alike)."""
    return ProcedureText(
        ref=ref,
        name=f"Cấp giấy phép khai thác khoáng sản làm vật liệu xây dựng thông thường {mineral}",
        documents=tuple(
            f"giaytochung{i}" if i < documents else f"giayto{ref}rieng{i}" for i in range(20)
        ),
        steps=tuple(f"buocchung{i}" if i < steps else f"buoc{ref}rieng{i}" for i in range(20)),
        legal_basis=(basis,) if basis else (),
    )


def test_different_subjects_join_only_with_both_papers_and_steps_at_their_thresholds() -> None:
    # 9 of 20 papers (0.45) and 7 of 20 steps (0.35): exactly enough.
    assert found(
        mining("a", "cát", documents=9, steps=7), mining("b", "sỏi", documents=9, steps=7)
    ) == [("a", "b", "renamed")]
    assert (
        found(mining("a", "cát", documents=8, steps=7), mining("b", "sỏi", documents=8, steps=7))
        == []
    )
    assert (
        found(mining("a", "cát", documents=9, steps=6), mining("b", "sỏi", documents=9, steps=6))
        == []
    )
    # Steps alike and papers not, or the reverse: two procedures.
    assert (
        found(mining("a", "cát", documents=0, steps=20), mining("b", "sỏi", documents=0, steps=20))
        == []
    )
    assert (
        found(mining("a", "cát", documents=20, steps=0), mining("b", "sỏi", documents=20, steps=0))
        == []
    )


def test_one_article_makes_them_the_same_procedure_and_papers_a_renamed_one() -> None:
    basis = "Điều 64 Luật Khoáng sản 2010"
    assert found(
        mining("a", "cát", documents=0, steps=0, basis=basis),
        mining("b", "sỏi", documents=0, steps=0, basis=basis),
    ) == [("a", "b", "same")]
    assert found(
        mining("a", "cát", documents=20, steps=20), mining("b", "sỏi", documents=20, steps=20)
    ) == [("a", "b", "renamed")]


def test_the_shared_code_comes_before_the_part_it_is() -> None:
    combined = ProcedureText(ref="a", name=COMBINED, code="1.001234")
    part = ProcedureText(ref="b", name="Xóa đăng ký thường trú", code="1.001234")
    [finding] = find_overlaps([combined, part, *MANY])
    assert finding.reasons[:2] == [
        "Cùng mã thủ tục 1.001234",
        "«Xóa đăng ký thường trú» là một phần của thủ tục liên thông «" + COMBINED + "»",
    ]


def test_one_article_joins_names_that_say_the_matter_differently() -> None:
    # Điều 37 Nghị định 123/2015/NĐ-CP rules the recording of a divorce abroad (ghi chú ly hôn).
    long_name = ProcedureText(
        ref="a",
        name="Ghi vào Sổ hộ tịch việc ly hôn, hủy việc kết hôn đã được giải quyết ở nước ngoài",
        legal_basis=("Khoản 1 Điều 37 Nghị định 123/2015/NĐ-CP",),
    )
    short_name = ProcedureText(
        ref="b",
        name="Thủ tục ghi chú ly hôn tại Việt Nam",
        legal_basis=("Khoản 2 Điều 37 Nghị định 123/2015/NĐ-CP",),
    )
    [finding] = find_overlaps([long_name, short_name, *OTHERS])
    assert (finding.left, finding.right, finding.kind) == ("a", "b", "renamed")
    assert finding.shared_legal == ["Điều 37 Nghị định 123/2015/NĐ-CP"]
    assert round(finding.score, 3) == round((0.4 * finding.parts["name"] + 0.15) / 0.55, 3)
    # The same decree, another article: two matters ("tại Việt Nam" is where it is filed, so a
    # word of the subject only this name has keeps the names apart).
    other_article = ProcedureText(
        ref="b",
        name="Thủ tục ghi chú ly hôn bằng bản án",
        legal_basis=("Điều 38 Nghị định 123/2015/NĐ-CP",),
    )
    assert find_overlaps([long_name, other_article, *OTHERS]) == []


def test_a_level_alone_parts_two_pages_only_with_codes_abroad_or_in_the_names() -> None:
    # Moved from the province to the district in 2016: one procedure, two levels, no codes.
    before = ProcedureText(
        ref="a", name="Đăng ký kết hôn có yếu tố nước ngoài", levels=("Cấp tỉnh",)
    )
    after = ProcedureText(
        ref="b", name="Đăng ký kết hôn có yếu tố nước ngoài", levels=("Cấp huyện",)
    )
    assert [(f.left, f.right) for f in find_overlaps([before, after, *OTHERS])] == [("a", "b")]
    coded = [
        ProcedureText(ref=p.ref, name=p.name, levels=p.levels, code=code)
        for p, code in ((before, "1.000894"), (after, "2.000806"))
    ]
    assert find_overlaps([*coded, *OTHERS]) == []
    # A name that says its level is that level's procedure.
    commune = ProcedureText(
        ref="a",
        name="Thẩm định thành lập đơn vị sự nghiệp công lập thuộc Ủy ban nhân dân cấp xã",
        levels=("Cấp xã",),
    )
    province = ProcedureText(
        ref="b",
        name="Thẩm định thành lập đơn vị sự nghiệp công lập thuộc Ủy ban nhân dân cấp tỉnh",
        levels=("Cấp tỉnh",),
    )
    assert find_overlaps([commune, province, *OTHERS]) == []
    unnamed = ProcedureText(ref="b", name=commune.name.replace(" cấp xã", ""), levels=("Cấp tỉnh",))
    assert [(f.left, f.right) for f in find_overlaps([commune, unnamed, *OTHERS])] == [("a", "b")]


def crowd(members: int, total: int, *, late: tuple[ProcedureText, ...] = ()) -> list[ProcedureText]:
    """``members`` procedures sharing the word "karaoke" (two of them, "a" and "b", named by it
    alone), then ``late``, then procedures named by words of their own up to ``total``."""
    named = [ProcedureText(ref="a", name="Karaoke"), ProcedureText(ref="b", name="Karaoke")]
    named += [ProcedureText(ref=f"k{i}", name=f"Karaoke u{i}") for i in range(members - 2)]
    fillers = total - members - len(late)
    return [
        *named,
        *late,
        *(ProcedureText(ref=f"z{i}", name=f"Thủ tục z{i}") for i in range(fillers)),
    ]


def links(procedures: list[ProcedureText]) -> list[tuple[str, str]]:
    return [(f.left, f.right) for f in find_overlaps(procedures)]


def test_a_word_shared_by_more_than_half_of_the_procedures_and_fifty_links_nothing() -> None:
    # 50 of 100 share "karaoke": still compared.
    assert links(crowd(50, 100)) == [("a", "b")]
    # 51 of 100: too common to compare on; the words that come after it still are.
    late = (ProcedureText(ref="c", name="Vũ trường"), ProcedureText(ref="d", name="Vũ trường"))
    assert links(crowd(51, 100, late=late)) == [("c", "d")]
    # 52 of 110 is not more than half.
    assert links(crowd(52, 110)) == [("a", "b")]


def test_a_shared_code_links_however_many_carry_it() -> None:
    shared = [ProcedureText(ref=f"s{i}", name=f"Thủ tục s{i}", code="1.000001") for i in range(52)]
    own = [ProcedureText(ref=f"o{i}", name=f"Thủ tục o{i}", code=f"2.{i:06d}") for i in range(48)]
    found = links([*shared, *own])
    assert len(found) == 52 * 51 // 2
    assert {ref for pair in found for ref in pair} == {p.ref for p in shared}
