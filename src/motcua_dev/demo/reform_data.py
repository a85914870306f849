"""The demo register of internal procedures of two Hà Nội departments (illustrative, not official).

Some overlap on purpose (the same periodic report, the same annual review plan, the same
publication duty, two appraisals of draft legal documents, a verification that repeats a step of a
public procedure), so the overlap review has something to find. The steps carry the staff hours of
the subject agency; the documents the hours and the direct cost (đồng) of preparing them.
"""

from typing import Any

JUSTICE = ("000.00.10.H26", "Sở Tư pháp Thành phố Hà Nội")
FINANCE = ("000.00.12.H26", "Sở Tài chính Thành phố Hà Nội")

LAW_ON_LEGAL_DOCUMENTS = [
    "64/2025/QH15 Luật Ban hành văn bản quy phạm pháp luật",
    "78/2025/NĐ-CP Nghị định quy định chi tiết Luật Ban hành văn bản quy phạm pháp luật",
]
TTHC_CONTROL = [
    "63/2010/NĐ-CP Nghị định về kiểm soát thủ tục hành chính",
    "02/2017/TT-VPCP Thông tư hướng dẫn nghiệp vụ kiểm soát thủ tục hành chính",
]
REVIEW_1085 = [
    "1085/QĐ-TTg Quyết định ban hành Kế hoạch rà soát, đơn giản hóa thủ tục hành chính nội bộ",
    *TTHC_CONTROL,
]


def _p(
    agency: tuple[str, str],
    code: str,
    name: str,
    field: str,
    legal: list[str],
    steps: list[tuple[str, str, float]],
    documents: list[tuple[str, float, int]],
    *,
    serves: str = "Các cơ quan chuyên môn thuộc UBND Thành phố",
    scope: str = "between_agencies",
    visits: int = 1,
    times: int = 4,
    subjects: int = 30,
) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "agency_code": agency[0],
        "agency_name": agency[1],
        "field": field,
        "scope": scope,
        "legal_basis": legal,
        "steps": [{"name": n, "unit": u, "hours": h} for n, u, h in steps],
        "documents": [{"name": n, "hours": h, "cost": c} for n, h, c in documents],
        "serves": serves,
        "fee": 0,
        "visits": visits,
        "times_per_year": times,
        "subjects": subjects,
    }


REGISTER: list[dict[str, Any]] = [
    _p(
        JUSTICE,
        "NB-STP-01",
        "Thẩm định dự thảo văn bản quy phạm pháp luật do Ủy ban nhân dân Thành phố ban hành",
        "Xây dựng và kiểm tra văn bản quy phạm pháp luật",
        LAW_ON_LEGAL_DOCUMENTS,
        [
            ("Gửi hồ sơ đề nghị thẩm định", "Cơ quan chủ trì soạn thảo", 2),
            ("Tiếp nhận, kiểm tra tính đầy đủ của hồ sơ thẩm định", "Văn phòng Sở", 2),
            ("Nghiên cứu, thẩm định nội dung dự thảo", "Phòng Xây dựng và kiểm tra văn bản", 40),
            ("Họp hội đồng tư vấn thẩm định", "Phòng Xây dựng và kiểm tra văn bản", 8),
            ("Ký báo cáo thẩm định", "Lãnh đạo Sở", 4),
        ],
        [
            ("Công văn đề nghị thẩm định", 1, 0),
            ("Dự thảo văn bản quy phạm pháp luật", 16, 20_000),
            ("Tờ trình ban hành văn bản", 4, 5_000),
            ("Bản tổng hợp, giải trình, tiếp thu ý kiến góp ý", 8, 10_000),
            ("Báo cáo đánh giá tác động của chính sách", 8, 10_000),
        ],
        visits=2,
        times=6,
        subjects=20,
    ),
    _p(
        JUSTICE,
        "NB-STP-02",
        "Kiểm tra văn bản quy phạm pháp luật sau khi ban hành",
        "Xây dựng và kiểm tra văn bản quy phạm pháp luật",
        LAW_ON_LEGAL_DOCUMENTS,
        [
            ("Lập danh mục văn bản cần kiểm tra", "Phòng Xây dựng và kiểm tra văn bản", 4),
            (
                "Đối chiếu văn bản với quy định của cấp trên",
                "Phòng Xây dựng và kiểm tra văn bản",
                16,
            ),
            ("Lập phiếu kiểm tra văn bản", "Chuyên viên", 4),
            ("Thông báo kết quả kiểm tra cho cơ quan ban hành", "Lãnh đạo Sở", 2),
        ],
        [("Văn bản được kiểm tra", 0.5, 2_000), ("Phiếu kiểm tra văn bản", 2, 0)],
        scope="within_agency",
        times=12,
        subjects=1,
    ),
    _p(
        JUSTICE,
        "NB-STP-03",
        "Báo cáo định kỳ tình hình, kết quả thực hiện kiểm soát thủ tục hành chính",
        "Kiểm soát thủ tục hành chính",
        TTHC_CONTROL,
        [
            ("Tổng hợp số liệu thực hiện kiểm soát thủ tục hành chính", "Các phòng chuyên môn", 8),
            ("Xây dựng dự thảo báo cáo", "Văn phòng Sở", 8),
            ("Trình lãnh đạo ký báo cáo", "Lãnh đạo Sở", 2),
            ("Gửi báo cáo về Văn phòng UBND Thành phố", "Văn thư", 1),
        ],
        [
            ("Biểu mẫu số liệu kiểm soát thủ tục hành chính", 4, 0),
            ("Báo cáo tình hình, kết quả thực hiện kiểm soát thủ tục hành chính", 4, 5_000),
        ],
        times=4,
        subjects=1,
    ),
    _p(
        JUSTICE,
        "NB-STP-04",
        "Xây dựng kế hoạch rà soát, đánh giá thủ tục hành chính nội bộ hằng năm",
        "Kiểm soát thủ tục hành chính",
        REVIEW_1085,
        [
            ("Dự thảo kế hoạch rà soát thủ tục hành chính nội bộ", "Văn phòng Sở", 8),
            ("Lấy ý kiến các phòng chuyên môn", "Các phòng chuyên môn", 16),
            ("Ban hành kế hoạch rà soát", "Lãnh đạo Sở", 2),
        ],
        [
            ("Dự thảo kế hoạch rà soát", 4, 5_000),
            ("Danh mục thủ tục hành chính nội bộ cần rà soát", 2, 0),
        ],
        times=1,
        subjects=1,
    ),
    _p(
        JUSTICE,
        "NB-STP-05",
        "Xác minh thông tin lý lịch tư pháp với cơ quan Công an",
        "Lý lịch tư pháp",
        ["28/2009/QH12 Luật Lý lịch tư pháp"],
        [
            ("Gửi văn bản đề nghị xác minh", "Phòng Lý lịch tư pháp", 1),
            ("Tra cứu, xác minh thông tin lý lịch tư pháp", "Công an Thành phố", 24),
            ("Trả lời kết quả xác minh", "Công an Thành phố", 2),
        ],
        [
            ("Văn bản đề nghị xác minh", 1, 0),
            ("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", 0.5, 2_000),
        ],
        times=1,
        subjects=9000,
    ),
    _p(
        FINANCE,
        "NB-STC-01",
        "Thẩm định dự thảo văn bản quy phạm pháp luật về giá, phí, lệ phí",
        "Quản lý giá, phí và lệ phí",
        [*LAW_ON_LEGAL_DOCUMENTS, "97/2015/QH13 Luật Phí và lệ phí"],
        [
            ("Gửi hồ sơ đề nghị thẩm định", "Cơ quan chủ trì soạn thảo", 2),
            ("Tiếp nhận, kiểm tra hồ sơ đề nghị thẩm định", "Văn phòng Sở", 2),
            ("Thẩm định nội dung dự thảo về giá, phí, lệ phí", "Phòng Quản lý giá", 32),
            ("Ký văn bản thẩm định", "Lãnh đạo Sở", 4),
        ],
        [
            ("Công văn đề nghị thẩm định", 1, 0),
            ("Dự thảo văn bản quy phạm pháp luật", 16, 20_000),
            ("Tờ trình ban hành văn bản", 4, 5_000),
            ("Thuyết minh phương án giá, phí, lệ phí", 8, 10_000),
        ],
        visits=2,
        times=4,
        subjects=15,
    ),
    _p(
        FINANCE,
        "NB-STC-02",
        "Báo cáo tình hình, kết quả thực hiện công tác kiểm soát thủ tục hành chính định kỳ",
        "Kiểm soát thủ tục hành chính",
        TTHC_CONTROL,
        [
            ("Tổng hợp số liệu kiểm soát thủ tục hành chính", "Các phòng chuyên môn", 8),
            ("Dự thảo báo cáo định kỳ", "Văn phòng Sở", 8),
            ("Lãnh đạo Sở ký báo cáo", "Lãnh đạo Sở", 2),
            ("Gửi báo cáo về Văn phòng UBND Thành phố", "Văn thư", 1),
        ],
        [
            ("Biểu mẫu số liệu kiểm soát thủ tục hành chính", 4, 0),
            ("Báo cáo kết quả kiểm soát thủ tục hành chính", 4, 5_000),
        ],
        times=4,
        subjects=1,
    ),
    _p(
        FINANCE,
        "NB-STC-03",
        "Lập kế hoạch rà soát, đánh giá thủ tục hành chính nội bộ năm",
        "Kiểm soát thủ tục hành chính",
        REVIEW_1085,
        [
            ("Dự thảo kế hoạch rà soát", "Văn phòng Sở", 8),
            ("Lấy ý kiến các phòng chuyên môn", "Các phòng chuyên môn", 16),
            ("Giám đốc Sở ký ban hành kế hoạch", "Lãnh đạo Sở", 2),
        ],
        [("Dự thảo kế hoạch rà soát", 4, 5_000)],
        times=1,
        subjects=1,
    ),
    _p(
        FINANCE,
        "NB-STC-04",
        "Phân bổ dự toán ngân sách nhà nước cho các cơ quan, đơn vị",
        "Quản lý ngân sách",
        ["83/2015/QH13 Luật Ngân sách nhà nước"],
        [
            ("Lập phương án phân bổ dự toán", "Phòng Quản lý ngân sách", 40),
            ("Trình UBND Thành phố giao dự toán", "Lãnh đạo Sở", 4),
            ("Thông báo dự toán cho đơn vị", "Phòng Quản lý ngân sách", 4),
        ],
        [
            ("Dự toán thu, chi ngân sách của đơn vị", 16, 10_000),
            ("Thuyết minh cơ sở lập dự toán", 8, 5_000),
        ],
        times=1,
        subjects=120,
    ),
    _p(
        FINANCE,
        "NB-STC-05",
        "Thẩm tra quyết toán vốn đầu tư dự án hoàn thành",
        "Đầu tư",
        ["96/2020/NĐ-CP Nghị định quy định về quyết toán dự án hoàn thành"],
        [
            ("Tiếp nhận hồ sơ quyết toán", "Văn phòng Sở", 2),
            ("Thẩm tra hồ sơ quyết toán vốn đầu tư", "Phòng Đầu tư", 80),
            ("Ký báo cáo thẩm tra quyết toán", "Lãnh đạo Sở", 4),
        ],
        [
            ("Tờ trình đề nghị phê duyệt quyết toán", 4, 5_000),
            ("Báo cáo quyết toán dự án hoàn thành", 24, 50_000),
            ("Hồ sơ hoàn công công trình", 8, 100_000),
        ],
        visits=2,
        times=1,
        subjects=60,
    ),
]

#: The pairs of the register (and of the catalogue) that really overlap: the evaluation's truth.
REGISTER_OVERLAPS: list[tuple[str, str]] = [
    ("internal:NB-STP-01", "internal:NB-STC-01"),
    ("internal:NB-STP-03", "internal:NB-STC-02"),
    ("internal:NB-STP-04", "internal:NB-STC-03"),
    ("internal:NB-STP-05", "public:2.001417"),
]
