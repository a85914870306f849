"""Reading legal bases and codes for overlap detection."""

from motcua.reform.overlap_legal import LegalRef, legal_keys, legal_refs, national_code


def test_national_code_is_read_from_a_local_symbol() -> None:
    assert national_code("1.012962.000.00.00.H38") == "1.012962"
    assert national_code("2.000815") == "2.000815"
    assert national_code("T-HYE-060192-TT") == ""


def test_legal_keys_match_document_numbers_written_differently() -> None:
    assert legal_keys(["123/2015/NĐ-CP Nghị định về hộ tịch"]) == legal_keys(["123/2015/nd-cp"])


def test_legal_documents_are_named_by_their_kind() -> None:
    assert legal_refs(
        [
            "Thông tư số 02/2017/TT-VPCP",
            "Quyết định 2540/QĐ-TTg",
            "Luật 60/2014/QH13",
            "Thông tư liên tịch 05/2015/TTLT-BTP-BCA-BYT",
            "Điều 46 Luật Hộ tịch 2014",
        ]
    ) == [
        LegalRef(key="02/2017/tt-vpcp", display="Thông tư 02/2017/TT-VPCP"),
        LegalRef(key="2540/qd-ttg", display="Quyết định 2540/QĐ-TTg"),
        LegalRef(key="60/2014/qh13", display="Luật 60/2014/QH13"),
        LegalRef(
            key="05/2015/ttlt-btp-bca-byt",
            display="Thông tư liên tịch 05/2015/TTLT-BTP-BCA-BYT",
        ),
        LegalRef(key="luat ho tich", display="Luật Hộ tịch", article="46"),
    ]


def test_the_year_of_a_law_is_no_part_of_its_key() -> None:
    assert legal_refs(["Luật Cư trú năm 2020"]) == [
        LegalRef(key="luat cu tru", display="Luật Cư trú")
    ]
