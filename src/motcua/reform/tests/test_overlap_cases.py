"""Overlap detection reads how real pages write a name: the content a change adjusts, a number
glued to its unit, a list of acts that names its object once, the case a page publishes in
parentheses, the decision an internal procedure's name opens with. Every example is invented."""

from motcua.reform.overlap import ProcedureText, find_overlaps
from motcua.reform.overlap_parts import opening_verbs
from motcua.reform.overlap_subject import subject_name
from motcua.reform.overlap_text import lower_words, read_name
from motcua.reform.tests.test_overlap_wording import OTHERS, named


def test_the_content_a_change_adjusts_is_no_subject_of_its_own() -> None:
    assert read_name("Điều chỉnh nội dung giấy phép khai thác khoáng sản").core == (
        read_name("Điều chỉnh giấy phép khai thác khoáng sản").core
    )
    assert named(
        "Điều chỉnh nội dung giấy phép khai thác khoáng sản",
        "Điều chỉnh giấy phép khai thác khoáng sản",
    ) == [("a", "b", "same")]


def test_a_number_glued_to_its_unit_is_read_as_the_number_and_the_unit() -> None:
    assert lower_words("dưới 3.000m3/ngày") == lower_words("dưới 3.000 m3/ngày")
    assert lower_words("trên 50ha") == ["trên", "50", "ha"]
    # A unit that carries a digit stays one word.
    assert lower_words("3 m3") == ["3", "m3"]
    assert named(
        "Cấp giấy phép xả nước thải dưới 3.000m3/ngày đêm",
        "Cấp giấy phép xả nước thải dưới 3.000 m3/ngày đêm",
    ) == [("a", "b", "same")]


def test_a_list_of_acts_names_its_object_once_for_every_act() -> None:
    listing = "Sửa đổi, bổ sung, cấp lại Giấy chứng nhận đăng ký hoạt động của trung tâm ngoại ngữ"
    # "Bổ sung" before the object is one act of the list, not a sibling's mark.
    assert named(
        listing, "Sửa đổi, bổ sung Giấy chứng nhận đăng ký hoạt động cho trung tâm ngoại ngữ"
    ) == [("a", "b", "part_of")]
    assert named(listing, "Cấp lại Giấy chứng nhận đăng ký hoạt động của trung tâm ngoại ngữ") == [
        ("a", "b", "part_of")
    ]
    # Another object is another procedure, listed or not.
    assert named(listing, "Cấp lại Giấy phép thành lập trung tâm tin học") == []


def test_cases_a_page_publishes_in_parentheses_are_siblings() -> None:
    moved = "Cấp lại giấy chứng nhận đăng ký tàu cá (đối với tàu chuyển quyền sở hữu)"
    renamed = "Cấp lại giấy chứng nhận đăng ký tàu cá (đối với tàu đổi tên)"
    assert {"chuyển", "quyền", "hữu"} <= set(read_name(moved).remarks)
    assert named(moved, renamed) == []
    # A remark on one side only is a page's note: the procedure is the same.
    assert named(moved, "Cấp lại giấy chứng nhận đăng ký tàu cá") == [("a", "b", "same")]
    # The same case in other words is still the same case.
    assert named(moved, "Cấp lại giấy chứng nhận đăng ký tàu cá (tàu chuyển quyền sở hữu)") == [
        ("a", "b", "same")
    ]


def test_the_decision_an_internal_procedure_opens_with_is_no_part_of_its_subject() -> None:
    assert (
        subject_name(
            "Quyết định 1234/QĐ-UBND năm 2024 về việc phê duyệt quy trình nội bộ lĩnh vực xuất bản"
        )
        == "phê duyệt quy trình nội bộ lĩnh vực xuất bản"
    )
    assert (
        subject_name(
            "Quyết định số 56/QĐ-UBND ngày 02/01/2025 phê duyệt quy trình nội bộ lĩnh vực in"
        )
        == "phê duyệt quy trình nội bộ lĩnh vực in"
    )
    # A procedure whose name is a decision keeps it ("Quyết định cho thôi việc").
    assert (
        subject_name("Quyết định cho thôi việc công chức") == "Quyết định cho thôi việc công chức"
    )


def test_a_list_that_opens_with_bare_acts_holds_each_on_its_whole_object() -> None:
    listing = "Cấp, cấp lại, gia hạn giấy xác nhận đủ điều kiện hành nghề giám định"
    assert read_name(listing).acts_opening
    assert named(listing, "Cấp giấy xác nhận đủ điều kiện hành nghề giám định") == [
        ("a", "b", "part_of")
    ]
    # "Gia hạn giấy phép hành nghề" is on another object, though its words are in the list's.
    assert (
        named(
            "Cấp, cấp lại, gia hạn giấy xác nhận không thuộc diện cấp giấy phép hành nghề",
            "Gia hạn giấy phép hành nghề",
        )
        == []
    )


def test_a_licence_issued_new_is_the_licence_issued() -> None:
    assert lower_words("Cấp mới giấy phép kinh doanh") == lower_words("Cấp giấy phép kinh doanh")
    assert (
        named("Cấp mới giấy phép kinh doanh vận tải", "Cấp lại giấy phép kinh doanh vận tải") == []
    )


def test_a_market_is_no_audience_and_a_page_title_tag_no_subject() -> None:
    # "Hội chợ" (a fair) is not "cho" (for): the name's subject keeps it.
    assert "chợ" in read_name("Cấp giấy phép tổ chức hội chợ sách cho cơ quan").core
    assert read_name("Cap giay phep cho to chuc khoa hoc").head == "Cap giay phep"
    # A page's title that ends with its place, and how it advertises itself, are no subject.
    assert subject_name("Thủ tục cấp giấy phép tổ chức hội chợ sách - Hải Dương") == (
        "Thủ tục cấp giấy phép tổ chức hội chợ sách"
    )
    assert subject_name("Đăng ký hoạt động - nhà in") == "Đăng ký hoạt động - nhà in"
    assert read_name("Thủ tục xin cấp giấy chứng nhận buôn bán phân bón mới nhất").core == (
        read_name("Cấp giấy chứng nhận đủ điều kiện buôn bán phân bón").core
    )
    assert named(
        "Thủ tục xin cấp giấy chứng nhận buôn bán phân bón mới nhất",
        "Cấp giấy chứng nhận đủ điều kiện buôn bán phân bón",
    ) == [("a", "b", "same")]


def test_a_ministry_procedure_is_not_the_province_one_and_a_page_may_ask() -> None:
    central = ProcedureText(ref="a", name="Cấp giấy phép dự báo khí tượng", levels=("Cấp Bộ",))
    province = ProcedureText(ref="b", name="Cấp giấy phép dự báo khí tượng", levels=("Cấp tỉnh",))
    assert find_overlaps([central, province, *OTHERS]) == []
    # A district's page without a code may be the province's procedure before it moved.
    district = ProcedureText(ref="c", name="Cấp giấy phép dự báo khí tượng", levels=("Cấp huyện",))
    assert [(f.left, f.right) for f in find_overlaps([province, district, *OTHERS])] == [("b", "c")]
    # "Hồ sơ đề nghị đổi …" exchanges the paper as "Cấp đổi …" does; a question is no subject.
    assert read_name("Hồ sơ đề nghị đổi, cấp lại giấy chứng nhận mẫu dấu").actions == (
        read_name("Cấp đổi, cấp lại giấy chứng nhận mẫu dấu").actions
    )
    assert read_name("Xin cấp giấy phép biểu diễn ở đâu? Cần giấy tờ gì?").core == (
        read_name("Xin cấp giấy phép biểu diễn").core
    )
    assert subject_name("Thủ tục xin giấy phép biểu diễn | Công ty Luật Sáng") == (
        "Thủ tục xin giấy phép biểu diễn"
    )


def test_a_part_opens_with_one_of_the_acts_its_list_opens_with() -> None:
    assert opening_verbs("Thủ tục cấp, đổi, cấp lại giấy phép kinh doanh lữ hành") == [
        "cấp",
        "cấp đổi",
        "cấp lại",
    ]
    assert opening_verbs("Giấy phép xây dựng") == [""]
    listing = "Gia hạn, sửa đổi, bổ sung giấy phép hoạt động dự báo khí tượng"
    assert named(listing, "Gia hạn giấy phép hoạt động dự báo khí tượng") == [("a", "b", "part_of")]
    # Issuing the licence is the sibling of renewing and amending it, not one of those acts.
    assert named(listing, "Cấp giấy phép hoạt động dự báo khí tượng") == []
    # The works a licence is for are no list of procedures the other licence is one of.
    renewal = "Gia hạn giấy phép xây dựng, cải tạo, nâng cấp cầu cảng"
    assert read_name(renewal).combined
    assert named(renewal, "Cấp giấy phép xây dựng, cải tạo, nâng cấp cầu cảng") == []
    # A combined procedure whose name opens with no verb is not judged by the verbs it opens with.
    assert named(
        "Liên thông thủ tục hành chính về đăng ký khai tử, xóa đăng ký thường trú",
        "Đăng ký khai tử",
    ) == [("a", "b", "part_of")]


def test_a_combined_name_holds_each_act_it_names_on_its_object() -> None:
    # Acts named by any words, not only the verbs of a list: each is a part of the whole.
    combined = "Thủ tục thẩm tra, xác nhận hồ sơ đăng ký bản quyền phần mềm"
    assert named(combined, "Xác nhận hồ sơ đăng ký bản quyền phần mềm") == [("a", "b", "part_of")]
    assert named("Công nhận và cấp thẻ hướng dẫn viên tại điểm", "Cấp thẻ hướng dẫn viên") == [
        ("a", "b", "part_of")
    ]
    # A bare act acts on the object the last act names.
    assert named("Chia, tách; sáp nhập; hợp nhất hợp tác xã", "Sáp nhập hợp tác xã") == [
        ("a", "b", "part_of")
    ]
    # Doing it again is another act; the part must say the object of its act.
    assert named("Xét công nhận và công bố làng văn hóa", "Công nhận lại làng văn hóa") == []
    assert (
        named(
            "Cấp, cấp lại, gia hạn giấy xác nhận không thuộc diện cấp chứng chỉ hành nghề",
            "Gia hạn chứng chỉ hành nghề",
        )
        == []
    )
    # Two lists of the same acts on other objects are siblings, not one a part of the other.
    assert (
        named(
            "Thẩm định, phê duyệt phương án bảo vệ đê điều",
            "Thẩm định, phê duyệt phương án bảo vệ hồ chứa",
        )
        == []
    )


def test_a_one_word_verb_is_the_act_a_list_and_its_part_open_with() -> None:
    # "cấp" then "cấp lại" on one object: the list holds the first issue and the re-issue.
    listing = "Thủ tục cấp và cấp lại thẻ kiểm định viên nồi hơi"
    assert named(listing, "Cấp thẻ kiểm định viên nồi hơi") == [("a", "b", "part_of")]
    assert named(
        "Xin cấp – cấp lại thẻ kiểm định viên nồi hơi", "Cấp thẻ kiểm định viên nồi hơi"
    ) == [("a", "b", "part_of")]
    # "Chia" a union is one act of a list of "chia, tách, sáp nhập" on that union.
    assert named("Chia, tách, sáp nhập nghiệp đoàn thợ mộc", "Chia nghiệp đoàn thợ mộc") == [
        ("a", "b", "part_of")
    ]
    # The one verb is no act of a list that only re-does it, nor of a list on another object.
    assert (
        named("Cấp lại, gia hạn thẻ kiểm định viên nồi hơi", "Cấp thẻ kiểm định viên nồi hơi") == []
    )
    assert (
        named("Cấp và cấp lại giấy phép vận hành nồi hơi", "Cấp thẻ kiểm định viên nồi hơi") == []
    )
    # "cấp đổi" is an act of its own, not "cấp" on an object that opens with "đổi".
    assert (
        named("Cấp và cấp lại thẻ kiểm định viên nồi hơi", "Cấp đổi thẻ kiểm định viên nồi hơi")
        == []
    )
