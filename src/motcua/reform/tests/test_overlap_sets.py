"""Sets of internal processes compare on what they cover: the department, the bodies with it and
the fields. Every example is invented."""

from motcua.reform.overlap import ProcedureText, find_overlaps, prepare
from motcua.reform.overlap_sets import ProcessSet, compare_sets, holds_process, read_process_set

EDUCATION = (
    "Quyết định 12/QĐ-UBND phê duyệt quy trình nội bộ giải quyết thủ tục hành chính thuộc "
    "phạm vi chức năng quản lý của Sở Giáo dục và Đào tạo tỉnh Bến Mây"
)
EDUCATION_AGAIN = (
    "PHÊ DUYỆT QUY TRÌNH NỘI BỘ TRONG GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH THUỘC THẨM QUYỀN GIẢI QUYẾT "
    "CỦA SỞ GIÁO DỤC VÀ ĐÀO TẠO"
)
HEALTH = "Quyết định 7/QĐ-UBND phê duyệt quy trình nội bộ thủ tục hành chính của Sở Y tế tỉnh Đồi"
HEALTH_DRUGS = (
    "Quyết định 8/QĐ-UBND phê duyệt quy trình nội bộ giải quyết thủ tục hành chính lĩnh vực "
    "Dược - Mỹ phẩm thuộc phạm vi chức năng quản lý của Sở Y tế tỉnh Núi"
)
HEALTH_COSMETICS = (
    "Quyết định 9/QĐ-UBND công bố quy trình nội bộ thủ tục hành chính lĩnh vực mỹ phẩm thuộc "
    "thẩm quyền giải quyết của Sở Y tế áp dụng trên địa bàn tỉnh Sông"
)


def read(name: str) -> ProcessSet:
    found = read_process_set(name)
    assert found is not None
    return found


def test_a_set_is_read_for_its_department_bodies_and_fields() -> None:
    assert read(EDUCATION) == ProcessSet(
        departments=frozenset({"giao duc va dao tao"}),
        bodies=frozenset(),
        field_words=frozenset(),
        fields=(),
    )
    drugs = read(HEALTH_DRUGS)
    assert drugs.departments == {"y te"}
    assert drugs.field_words == {"duoc", "my", "pham"}
    shared = read(
        "Quy trình nội bộ giải quyết thủ tục hành chính lĩnh vực tín ngưỡng, tôn giáo thuộc thẩm "
        "quyền giải quyết của Sở Nội vụ, UBND cấp huyện, UBND cấp xã"
    )
    assert shared.bodies == {"ubnd cấp huyện", "ubnd cấp xã"}
    assert shared.fields == ("tin nguong, ton giao",)
    # A procedure that is not a set of internal processes is not read as one.
    assert read_process_set("Thủ tục phân loại đơn vị hành chính cấp xã") is None


def test_sets_repeat_hold_or_rename_one_another_by_what_they_cover() -> None:
    assert compare_sets(read(EDUCATION), read(EDUCATION_AGAIN)) == "same"
    # The department's whole set holds a field's; a field's holds a narrower field's.
    assert compare_sets(read(HEALTH), read(HEALTH_DRUGS)) == "part_of-right"
    assert compare_sets(read(HEALTH_COSMETICS), read(HEALTH_DRUGS)) == "part_of-left"
    # Two departments, or two fields neither of which holds the other, are two sets.
    assert compare_sets(read(EDUCATION), read(HEALTH)) is None
    drugs_only = read(HEALTH_DRUGS.replace("Dược - Mỹ phẩm", "Dược phẩm"))
    assert compare_sets(drugs_only, read(HEALTH_COSMETICS)) is None
    # A field that moved to another department is its set renamed.
    religion = "Quy trình nội bộ giải quyết thủ tục hành chính lĩnh vực tôn giáo của Sở {}"
    assert (
        compare_sets(read(religion.format("Nội vụ")), read(religion.format("Dân tộc"))) == "renamed"
    )
    # The same field with the districts holds the department's alone.
    with_districts = read(religion.format("Nội vụ, UBND cấp huyện"))
    assert compare_sets(read(religion.format("Nội vụ")), with_districts) == "part_of-left"
    # A department's set is not the districts' own set.
    districts = read("Quy trình nội bộ giải quyết thủ tục hành chính của UBND cấp huyện")
    assert compare_sets(read(HEALTH), districts) is None


def test_findings_on_sets_explain_what_one_covers_of_the_other() -> None:
    procedures = [
        ProcedureText(ref=ref, name=name, internal=True)
        for ref, name in (
            ("edu", EDUCATION),
            ("edu2", EDUCATION_AGAIN),
            ("health", HEALTH),
            ("drugs", HEALTH_DRUGS),
        )
    ]
    found = {(f.left, f.right): f for f in find_overlaps(procedures)}
    assert set(found) == {("edu", "edu2"), ("health", "drugs")}
    assert found["edu", "edu2"].kind == "same"
    assert found["health", "drugs"].kind == "part_of"
    assert found["health", "drugs"].internal == "both"
    assert found["health", "drugs"].reasons[-1] == (
        f"Phạm vi của bộ quy trình nội bộ «{HEALTH}» chứa phạm vi của «{HEALTH_DRUGS}»"
    )
    # A public procedure is never read as a set, whatever its name says.
    prepared = prepare([ProcedureText(ref="p", name=HEALTH), procedures[2]])
    assert [p.process_set is None for p in prepared] == [True, False]


def test_departments_are_read_as_written_and_named_up_to_their_first_comma() -> None:
    # "hồ sơ" holds no "sở"; the police of a province is a department; "ngành" names one too.
    received = read(
        "Quy trình nội bộ giải quyết 30 thủ tục hành chính được tiếp nhận hồ sơ và trả kết quả "
        "tại Trung tâm thuộc phạm vi quản lý của Sở Văn hóa và Thể thao"
    )
    assert received.departments == {"van hoa va the thao"}
    police = read("Quy trình nội bộ lĩnh vực phòng cháy, chữa cháy của Công an tỉnh Đồi")
    assert police.departments == {"cong an"}
    assert read("Quy trình nội bộ ngành Tài nguyên và Môi trường").departments == {
        "tai nguyen va moi truong"
    }
    # "Sở Văn hóa, Thể thao và Du lịch" and, after a merger, "Sở Văn hóa và Thể thao": one.
    whole = read("Quy trình nội bộ thuộc thẩm quyền của Sở Văn hóa, Thể thao và Du lịch tỉnh Đồi")
    sport = read("Quy trình nội bộ lĩnh vực thể dục, thể thao của Sở Văn hóa và Thể thao")
    assert compare_sets(whole, sport) == "part_of-right"
    # "Đối với các lĩnh vực thuộc thẩm quyền …" is every field: no field.
    every = read("Quy trình nội bộ đối với các lĩnh vực thuộc thẩm quyền của Sở Nội vụ")
    assert every.fields == ()


def test_a_set_whose_body_is_not_said_compares_on_its_fields() -> None:
    unsaid = read("Quy trình nội bộ lĩnh vực thủy sản thuộc thẩm quyền của các cấp chính quyền")
    said = read("Quy trình nội bộ lĩnh vực thủy sản của Sở Nông nghiệp, UBND cấp huyện")
    assert compare_sets(unsaid, said) == "same"
    # A department's whole set is not the police's field set.
    farming = read("Quy trình nội bộ thủ tục hành chính của Sở Nông nghiệp")
    fire = read("Quy trình nội bộ lĩnh vực phòng cháy của Công an tỉnh Núi")
    assert compare_sets(farming, fire) is None


def test_a_department_named_at_the_end_of_a_sentence_is_the_same_department() -> None:
    assert read("Quy trình nội bộ thủ tục hành chính của Sở Y tế.").departments == {"y te"}
    assert (
        compare_sets(read("Quy trình nội bộ thủ tục hành chính của Sở Y tế."), read(HEALTH))
        == "same"
    )


def test_a_decision_that_approves_processes_by_another_word_is_a_set() -> None:
    new = read("Phê duyệt quy trình mới giải quyết 12 thủ tục hành chính lĩnh vực công chứng")
    listed = read(
        "Công bố danh mục và quy trình giải quyết thủ tục hành chính lĩnh vực công chứng của "
        "Sở Tư pháp tỉnh Núi"
    )
    assert new.field_words == listed.field_words == {"cong", "chung"}
    assert compare_sets(new, listed) == "same"
    # The process of one procedure approves nothing: it is that procedure's, not a set.
    assert (
        read_process_set("Quy trình giải quyết thủ tục hành chính cấp lại giấy phép khai thác cát")
        is None
    )


MINING_SET = (
    "Phê duyệt quy trình nội bộ giải quyết thủ tục hành chính lĩnh vực tài nguyên nước của Sở "
    "Tài nguyên tỉnh Đồi"
)


def test_a_set_holds_the_process_of_one_procedure_in_its_fields() -> None:
    mining = read(
        "Quyết định 4/QĐ-UBND phê duyệt quy trình nội bộ giải quyết thủ tục hành chính lĩnh vực "
        "khoáng sản, tài nguyên nước của Sở Tài nguyên tỉnh Núi"
    )
    one = "Quy trình gia hạn giấy phép khai thác tài nguyên nước mặt"
    assert holds_process(mining, one)
    assert holds_process(mining, "QT.07: Quy trình cấp giấy phép thăm dò khoáng sản")
    # Another field's process, a procedure that is not a process, or a set, is not held.
    assert not holds_process(mining, "Quy trình cấp giấy phép xả thải vào công trình thủy lợi")
    assert not holds_process(mining, "Gia hạn giấy phép khai thác tài nguyên nước mặt")
    assert not holds_process(mining, "Quy trình nội bộ lĩnh vực tài nguyên nước của Sở Tài nguyên")
    procedures = [
        ProcedureText(ref="set", name=MINING_SET, internal=True),
        ProcedureText(ref="one", name=one, internal=True),
        # A public procedure is the applicant's, not the agency's process for it.
        ProcedureText(ref="public", name=one, internal=False),
    ]
    found = {(f.left, f.right): f for f in find_overlaps(procedures)}
    assert found["set", "one"].kind == "part_of"
    assert ("set", "public") not in found
